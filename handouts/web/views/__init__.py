"""The four pages (Library, Program, Batch, Report), one small module each; `routes` joins them."""
