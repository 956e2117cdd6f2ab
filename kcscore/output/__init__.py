"""Every writer of results: CSV, XLSX, JSON, JSON Lines, the blank template; Markdown and HTML via report."""
