"""Exports the stored articles of a Khabar store (SQLite, read-only) with their
story ids, as gzipped JSON lines for `story_audit --stories-from`.

    python3 export_pipeline_stories.py /tmp/ant-audit/khabar.sqlite3 /tmp/story-work/ant-pipeline-stories.jsonl.gz

Text is the cleaned text when the clean stage changed it, else the body (as the
store's readers do); story aliases are followed to the surviving story.
"""
import datetime
import gzip
import json
import sqlite3
import sys


def main(database, output):
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    alias = dict(connection.execute("select from_story, into_story from story_aliases"))

    def resolve(story):
        seen = set()
        while story in alias and story not in seen:
            seen.add(story)
            story = alias[story]
        return story

    rows = connection.execute(
        "select id, source, url, published, title, COALESCE(clean_text, body), duplicate_of, story"
        " from articles order by seq"
    )
    with gzip.open(output, "wt") as sink:
        for (article_id, source, url, published, title, text, duplicate_of, story) in rows:
            date = None
            if published is not None:
                date = datetime.datetime.fromtimestamp(published, datetime.timezone.utc).strftime(
                    "%Y-%m-%dT%H:%M:%SZ"
                )
            record = {
                "id": article_id, "source": source, "url": url, "published": date, "title": title,
                "text": text, "duplicate_of": duplicate_of, "story": resolve(story) if story else None,
            }
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
