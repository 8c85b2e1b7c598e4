package dev.sluice.source.folder;

import tools.jackson.core.JsonParser;

/**
 * A parser over a multi-document YAML text that can be positioned on any document, so the binder
 * can read one document at a time with real token locations (a tree would lose them).
 *
 * <p>Confined to the thread that reads the file.
 */
final class DocumentCursor implements AutoCloseable {

  private final String text;
  private JsonParser parser;
  private int next;

  DocumentCursor(String text) {
    this.text = text;
  }

  /** Returns the parser positioned on the first token of document {@code index}. */
  JsonParser seek(int index) {
    if (parser == null || index < next) {
      reopen();
    }
    while (next < index) {
      parser.nextToken();
      parser.skipChildren();
      next++;
    }
    parser.nextToken();
    next++;
    return parser;
  }

  /** Forgets the position, after a read that failed midway through a document. */
  void reset() {
    close();
  }

  private void reopen() {
    close();
    parser = ModelMapper.INSTANCE.createParser(text);
    next = 0;
  }

  @Override
  public void close() {
    if (parser != null) {
      parser.close();
      parser = null;
    }
  }
}
