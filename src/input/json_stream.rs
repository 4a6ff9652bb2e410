//! The records of a JSON export one at a time: the elements of a top-level array are
//! parsed and handed out one by one, and JSON Lines line by line, so a large export is
//! never held whole as a `serde_json::Value` tree next to the articles made from it.

use super::source::{MAX_RECORDS, too_many_records};
use crate::error::{Error, Result};
use serde_json::Value;
use std::path::Path;

/// One record, or the error that ends the file.
pub type Records<'a> = Box<dyn Iterator<Item = Result<Value>> + 'a>;

/// The records of `text` and the shape they came in (`a JSON array`, `JSON Lines`, …).
/// `lines` says the file name promises JSON Lines.
pub fn records<'a>(
    path: &'a Path,
    text: &'a str,
    lines: bool,
) -> Result<(Records<'a>, &'static str)> {
    let (records, shape) = unlimited(path, text, lines)?;
    // One more than the limit is read, to fail on it instead of dropping records.
    let limited = records.enumerate().map(move |(i, r)| match i {
        MAX_RECORDS => Err(too_many_records(path)),
        _ => r,
    });
    Ok((Box::new(limited.take(MAX_RECORDS + 1)), shape))
}

fn unlimited<'a>(
    path: &'a Path,
    text: &'a str,
    lines: bool,
) -> Result<(Records<'a>, &'static str)> {
    if lines {
        return Ok((json_lines(path, text), "JSON Lines"));
    }
    let start = text.len() - text.trim_start().len();
    if text[start..].starts_with('[') {
        let items = ArrayItems {
            path,
            text,
            pos: start + 1,
            state: State::First,
        };
        return Ok((Box::new(items), "a JSON array"));
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Ok((Box::new(std::iter::once(Ok(v))), "a JSON object")),
        Err(whole) => {
            // Not one value: JSON Lines if its first line is a value of its own.
            let first_is_value = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| serde_json::from_str::<serde::de::IgnoredAny>(l.trim()).is_ok());
            if first_is_value {
                Ok((json_lines(path, text), "JSON Lines"))
            } else {
                Err(parse_error(path, format!("not valid JSON: {whole}")))
            }
        }
    }
}

fn parse_error(path: &Path, message: String) -> Error {
    Error::Parse {
        path: path.to_path_buf(),
        message,
    }
}

/// One JSON value per non-empty line.
fn json_lines<'a>(path: &'a Path, text: &'a str) -> Records<'a> {
    Box::new(
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(move |(n, l)| {
                serde_json::from_str(l.trim())
                    .map_err(|e| parse_error(path, format!("line {}: not valid JSON: {e}", n + 1)))
            }),
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Just after `[`: a value or `]`.
    First,
    /// After a value: `,` or `]`.
    AfterValue,
    /// After `,`: a value.
    AfterComma,
    Done,
}

/// The elements of a top-level array, parsed one at a time.
struct ArrayItems<'a> {
    path: &'a Path,
    text: &'a str,
    /// Byte offset of the next unread character.
    pos: usize,
    state: State,
}

impl ArrayItems<'_> {
    fn skip_whitespace(&mut self) {
        let rest = &self.text[self.pos..];
        self.pos += rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len();
    }

    /// Stops the iteration with an error at the current position (line and column
    /// counted in the whole text).
    fn fail(&mut self, what: &str, at: usize) -> Option<Result<Value>> {
        self.state = State::Done;
        // serde_json's column may point inside a character: back up to its start.
        let mut at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |n| n + 1) + 1;
        Some(Err(parse_error(
            self.path,
            format!("not valid JSON: {what} at line {line} column {column}"),
        )))
    }
}

impl Iterator for ArrayItems<'_> {
    type Item = Result<Value>;

    fn next(&mut self) -> Option<Result<Value>> {
        loop {
            self.skip_whitespace();
            let next = self.text[self.pos..].chars().next();
            match (self.state, next) {
                (State::Done, _) => return None,
                (State::First | State::AfterValue, Some(']')) => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.pos < self.text.len() {
                        return self.fail("trailing characters", self.pos);
                    }
                    self.state = State::Done;
                    return None;
                }
                (State::AfterValue, Some(',')) => {
                    self.pos += 1;
                    self.state = State::AfterComma;
                }
                (State::AfterValue, Some(_)) => {
                    return self.fail("expected `,` or `]`", self.pos);
                }
                (_, None) => return self.fail("EOF while parsing a list", self.pos),
                (State::First | State::AfterComma, Some(_)) => {
                    let rest = &self.text[self.pos..];
                    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
                    return match stream.next() {
                        Some(Ok(v)) => {
                            self.pos += stream.byte_offset();
                            self.state = State::AfterValue;
                            Some(Ok(v))
                        }
                        Some(Err(e)) => {
                            // serde_json counts lines and columns in `rest`.
                            let message = e.to_string();
                            let what = message
                                .rfind(" at line ")
                                .map_or(message.as_str(), |n| &message[..n])
                                .to_string();
                            let at = self.pos + offset_of(rest, e.line(), e.column());
                            self.fail(&what, at)
                        }
                        None => self.fail("EOF while parsing a value", self.pos),
                    };
                }
            }
        }
    }
}

/// The byte offset of a 1-based line and column (serde_json's column counts bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str, lines: bool) -> Result<Vec<Value>> {
        let (records, _) = records(Path::new("x.json"), text, lines)?;
        records.collect()
    }

    #[test]
    fn arrays_are_read_element_by_element() {
        let v = all(" [ {\"a\":1} ,\n[2], \"x\" , 3 ]\n", false).unwrap();
        assert_eq!(v.len(), 4);
        assert_eq!(v[3], Value::from(3));
        assert!(all("[]", false).unwrap().is_empty());
        for bad in ["[", "[1,", "[1,]", "[1 2]", "[1] x", "[{\"a\":}]", "[,1]"] {
            let err = all(bad, false).unwrap_err().to_string();
            assert!(err.contains("not valid JSON"), "{bad}: {err}");
        }
        let err = all("[\"中文\u{1}\"]", false).unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
        let err = all("[1,\n  {\"a\": tru}]", false).unwrap_err().to_string();
        assert!(err.contains("line 2 column"), "{err}");
    }

    #[test]
    fn objects_and_lines() {
        assert_eq!(all("{\"a\":1}", false).unwrap().len(), 1);
        assert_eq!(all("{\"a\":1}\n{\"a\":2}\n", false).unwrap().len(), 2);
        assert_eq!(all("{\"a\":1}\n\n{\"a\":2}", true).unwrap().len(), 2);
        let err = all("{\"a\":1}\n{\"a\":\n", true).unwrap_err().to_string();
        assert!(err.contains("line 2: not valid JSON"), "{err}");
        assert!(all("{\"title\": ", false).is_err());
        let many = "{}\n".repeat(MAX_RECORDS + 1);
        let err = all(&many, true).unwrap_err().to_string();
        assert!(err.contains("more than 100000 records"), "{err}");
        assert_eq!(all(&many[3..], true).unwrap().len(), MAX_RECORDS);
    }
}
