"""Blueprints registered on the orders app in ``function_app.py``."""
