"""Gazetteer: Russian Far East and Siberian place names with their Chinese names, through time."""

__version__ = "0.1.0"
