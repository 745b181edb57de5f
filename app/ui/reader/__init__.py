"""The reader: the article document, highlights and hits painted over it, the selection bar."""
