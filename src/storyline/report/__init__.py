"""The human report: one self-contained HTML file built from stored records only."""

from storyline.report.html import render_report

__all__ = ["render_report"]
