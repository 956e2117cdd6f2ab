"""Every writer of results: CSV, XLSX, JSON, JSON Lines, Markdown, HTML, the stdout ranking, the blank template."""
