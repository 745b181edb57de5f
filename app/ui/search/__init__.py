"""The search field and results, saved searches, and their models and delegates."""
