"""Text extraction from the formats reports are published in: web pages, Word (.docx) and PDF."""
