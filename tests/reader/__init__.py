"""Tests of the reader site (reader/)."""
