"""The PySide6 desktop window: presents and edits only what ``app.core`` owns."""
