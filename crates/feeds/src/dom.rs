//! A small element tree built with quick-xml, tolerant by design: when the XML
//! breaks, the tree holds everything read up to the break and the error says
//! where, so callers can keep what came before (a truncated feed still has items).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

pub(crate) struct Element {
    /// Qualified name as written, e.g. `news:title`.
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// Direct text content (text and CDATA), references resolved.
    pub text: String,
    /// Byte offset just past the end tag, when the end tag was read.
    pub end: Option<usize>,
}

impl Element {
    /// Name without namespace prefix.
    pub fn local(&self) -> &str {
        local_name(&self.name)
    }

    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| local_name(k).eq_ignore_ascii_case(local))
            .map(|(_, v)| v.as_str())
    }

    /// First child with this local name.
    pub fn child(&self, local: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.local() == local)
    }

    pub fn child_text(&self, local: &str) -> Option<String> {
        self.child(local)
            .map(|c| c.text.trim().to_string())
            .filter(|t| !t.is_empty())
    }
}

pub(crate) fn local_name(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

pub(crate) struct XmlFault {
    pub pos: usize,
    pub message: String,
}

pub(crate) struct Doc {
    pub root: Option<Element>,
    pub fault: Option<XmlFault>,
}

fn element_from(start: &BytesStart<'_>) -> Element {
    let attrs = start
        .attributes()
        .with_checks(false)
        .flatten()
        .map(|a| {
            let key = a.key.as_ref().to_string();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string());
            (key, value)
        })
        .collect();
    Element {
        name: start.name().as_ref().to_string(),
        attrs,
        children: Vec::new(),
        text: String::new(),
        end: None,
    }
}

/// Parses `text` into a tree. Elements left open by an error or by the end of
/// input are closed (with `end: None`) and attached to their parents.
pub(crate) fn parse(text: &str) -> Doc {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut fault = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(start)) => {
                if root.is_some() {
                    fault = Some(XmlFault {
                        pos: reader.buffer_position() as usize,
                        message: "content after the root element".to_string(),
                    });
                    break;
                }
                stack.push(element_from(&start));
            }
            Ok(Event::Empty(start)) => {
                let mut element = element_from(&start);
                element.end = Some(reader.buffer_position() as usize);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None if root.is_none() => root = Some(element),
                    None => {}
                }
            }
            Ok(Event::End(_)) => {
                if let Some(mut element) = stack.pop() {
                    element.end = Some(reader.buffer_position() as usize);
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(element),
                        None => root = Some(element),
                    }
                }
            }
            Ok(Event::Text(t)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                } else if root.is_none() && !t.trim().is_empty() {
                    fault = Some(XmlFault {
                        pos: (reader.buffer_position() as usize).saturating_sub(t.len()),
                        message: "text before the root element".to_string(),
                    });
                    break;
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(top) = stack.last_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => top.text.push(c),
                        _ => {
                            let name: &str = &r;
                            match quick_xml::escape::resolve_predefined_entity(name) {
                                Some(resolved) => top.text.push_str(resolved),
                                None => {
                                    top.text.push('&');
                                    top.text.push_str(name);
                                    top.text.push(';');
                                }
                            }
                        }
                    }
                }
            }
            Ok(Event::Eof) => {
                if let Some(open) = stack.last() {
                    fault = Some(XmlFault {
                        pos: text.len(),
                        message: format!("document ends before <{}> is closed", open.name),
                    });
                }
                break;
            }
            Ok(_) => {}
            Err(e) => {
                fault = Some(XmlFault {
                    pos: reader.error_position() as usize,
                    message: e.to_string(),
                });
                break;
            }
        }
    }
    while let Some(element) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(element),
            None => root = Some(element),
        }
    }
    Doc { root, fault }
}
