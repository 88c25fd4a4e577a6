"""The reporting domain: aggregation and the Excel writer. No web code."""
