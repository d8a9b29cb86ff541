"""Exact and near-duplicate articles (wire copies): ``Article.duplicate_of`` -> the earliest copy."""
