"""The main window: layout, menus, the flows behind them, status, messages, start-up."""
