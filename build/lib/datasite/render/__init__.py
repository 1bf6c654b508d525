"""Pages as Markdown from Jinja2 templates, charts, the field reference, the page policy."""
