"""Vägval, the Streamlit app, from a checkout: ``streamlit run app.py``.

The app is :mod:`procurement.ui.app`; an installed package serves it with ``vagval-app``.
"""

from procurement.ui.app import main

main()
