"""Tests of the editors' desk (desk/)."""
