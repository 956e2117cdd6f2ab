"""Reading applicant tables (CSV, Excel, YAML): cell values and file encodings, Vietnamese conventions first."""
