"""Vägval, the Streamlit app, as installed: ``vagval-app`` runs this file.

The app is :mod:`procurement.ui.app`.
"""

from procurement.ui.app import main

main()
