"""The Streamlit app's building blocks. Pages render; the engine decides."""
