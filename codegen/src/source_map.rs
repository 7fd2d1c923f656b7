//! Line and column of every node of a YAML or JSON document, by JSON pointer.
//!
//! `yaml_serde::Value` drops positions, so the source is parsed a second time
//! with `yaml-rust2`, whose parser events carry markers.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::Location;

/// Positions of the nodes of one document.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    positions: HashMap<String, Location>,
}

impl SourceMap {
    /// Parses `text` and records the position of every node.
    ///
    /// A mapping value is placed at its key, so a message about
    /// `/components/schemas/A/nullable` points at `nullable:`. When
    /// `yaml-rust2` cannot parse the text, the map is empty and every lookup
    /// returns `None`. Callers parse with `yaml_serde` first, which rejects
    /// invalid YAML with its own position.
    pub fn build(text: &str) -> SourceMap {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut builder, false).is_err() {
            return SourceMap::default();
        }
        SourceMap {
            positions: builder.positions,
        }
    }

    /// Returns the position of the node at `pointer`, or of its nearest
    /// ancestor that has one (a node reached through a YAML alias has no
    /// position of its own, so the alias is named instead).
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let mut current = pointer;
        loop {
            if let Some(location) = self.positions.get(current) {
                return Some(*location);
            }
            let (parent, _) = current.rsplit_once('/')?;
            current = parent;
        }
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[derive(Debug)]
enum Frame {
    Mapping {
        pointer: String,
        /// The key read last, waiting for its value, with its position
        /// (none for a complex key).
        key: Option<(String, Option<Marker>)>,
    },
    Sequence {
        pointer: String,
        next_index: usize,
    },
    /// A mapping or sequence used as a mapping key; nothing inside is recorded.
    ComplexKey {
        depth: usize,
    },
}

#[derive(Debug, Default)]
struct Builder {
    stack: Vec<Frame>,
    positions: HashMap<String, Location>,
}

/// Place of a new node: the pointer it gets and the marker that locates it.
enum Slot {
    Key,
    Value { pointer: String, mark: Marker },
    Ignored,
}

impl Builder {
    fn slot(&mut self, mark: Marker) -> Slot {
        match self.stack.last_mut() {
            None => Slot::Value {
                pointer: String::new(),
                mark,
            },
            Some(Frame::ComplexKey { .. }) => Slot::Ignored,
            Some(Frame::Mapping { pointer, key }) => match key.take() {
                None => Slot::Key,
                Some((name, key_mark)) => Slot::Value {
                    pointer: format!("{pointer}/{}", escape_token(&name)),
                    mark: key_mark.unwrap_or(mark),
                },
            },
            Some(Frame::Sequence {
                pointer,
                next_index,
            }) => {
                let slot = Slot::Value {
                    pointer: format!("{pointer}/{next_index}"),
                    mark,
                };
                *next_index += 1;
                slot
            }
        }
    }

    fn record(&mut self, pointer: &str, mark: Marker) {
        self.positions.insert(
            pointer.to_owned(),
            Location {
                line: mark.line(),
                column: mark.col() + 1,
            },
        );
    }

    fn scalar_or_alias(&mut self, text: Option<String>, mark: Marker) {
        match self.slot(mark) {
            Slot::Key => {
                if let Some(Frame::Mapping { key, .. }) = self.stack.last_mut() {
                    *key = Some((text.unwrap_or_default(), Some(mark)));
                }
            }
            Slot::Value { pointer, mark } => self.record(&pointer, mark),
            Slot::Ignored => {}
        }
    }

    fn start(&mut self, mark: Marker, sequence: bool) {
        if let Some(Frame::ComplexKey { depth }) = self.stack.last_mut() {
            *depth += 1;
            return;
        }
        match self.slot(mark) {
            Slot::Key => self.stack.push(Frame::ComplexKey { depth: 1 }),
            Slot::Value { pointer, mark } => {
                self.record(&pointer, mark);
                self.stack.push(if sequence {
                    Frame::Sequence {
                        pointer,
                        next_index: 0,
                    }
                } else {
                    Frame::Mapping { pointer, key: None }
                });
            }
            Slot::Ignored => {}
        }
    }

    fn end(&mut self) {
        if let Some(Frame::ComplexKey { depth }) = self.stack.last_mut() {
            *depth -= 1;
            if *depth > 0 {
                return;
            }
            self.stack.pop();
            // The complex key is complete; its value follows under a key
            // that no pointer can name, so give it a placeholder.
            if let Some(Frame::Mapping { key, .. }) = self.stack.last_mut() {
                *key = Some(("?".to_owned(), None));
            }
            return;
        }
        self.stack.pop();
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, ..) => self.scalar_or_alias(Some(text), mark),
            Event::Alias(_) => self.scalar_or_alias(None, mark),
            Event::MappingStart(..) => self.start(mark, false),
            Event::SequenceStart(..) => self.start(mark, true),
            Event::MappingEnd | Event::SequenceEnd => self.end(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(map: &SourceMap, pointer: &str) -> (usize, usize) {
        let location = map.locate(pointer).expect("pointer is located");
        (location.line, location.column)
    }

    #[test]
    fn block_mapping_values_sit_at_keys() {
        let map = SourceMap::build("a:\n  b: 1\n  c:\n    - x\n    - y: 2\n");

        assert_eq!(at(&map, "/a"), (1, 1));
        assert_eq!(at(&map, "/a/b"), (2, 3));
        assert_eq!(at(&map, "/a/c/0"), (4, 7));
        assert_eq!(at(&map, "/a/c/1/y"), (5, 7));
    }

    #[test]
    fn json_keys_are_located() {
        let map = SourceMap::build("{\n  \"a/b\": {\n    \"c\": [1, 2]\n  }\n}\n");

        assert_eq!(at(&map, "/a~1b/c"), (3, 5));
        assert_eq!(at(&map, "/a~1b/c/1"), (3, 14));
    }

    #[test]
    fn unknown_pointer_falls_back_to_ancestor() {
        let map = SourceMap::build("a:\n  b: &x {c: 1}\n  d: *x\n");

        assert_eq!(at(&map, "/a/d/c"), (3, 3));
    }

    #[test]
    fn invalid_yaml_gives_empty_map() {
        let map = SourceMap::build("a: [\n");

        assert_eq!(map.locate("/a"), None);
    }
}
