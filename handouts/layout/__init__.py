"""Layout: a selection and wording in, ReportLab flowables and one-document PDF bytes out."""
