"""The script Streamlit runs for an installed Vägval (``vagval app``), alone in its folder:
Streamlit puts a script's folder on ``sys.path``, and this one holds nothing to shadow."""
