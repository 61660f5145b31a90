"""Commissioning: run the IPC commissioning cycle for public care."""

__version__ = "0.1.0"
