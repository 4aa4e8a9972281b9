"""The web archive of past editions: a static site from the bundles in dist/.

Pelican's readers → generators → writers, in three steps, each in its own modules:

1. read (`readers.py`): the bundles that were handed off (or all), each manifest hashed
   and, when it changed, parsed into an index entry (`entries.py`);
2. context (`context.py`): every entry in one ordered whole, newest first, with its
   neighbours and months, and the site's settings;
3. write (`site.py` runs them in order): edition pages (`pages.py`), the front page and
   month pages (`index.py`), the search index (`search.py`), the Atom feed (`feed.py`)
   and the sitemap (`sitemap.py`), each file by atomic rename (`output.py`); pages whose
   key is unchanged since the last run (`state.py`) are not rewritten.

Templates are `publisher/templates/archive/` (`templates.py`); what they see is built in
`views.py`, and a brief's links lose the email's campaign tags in `web.py`.
"""

from publisher.archive.site import ArchiveReport, build_archive

__all__ = ["ArchiveReport", "build_archive"]
