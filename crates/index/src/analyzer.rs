//! The "arabic" tantivy tokenizer: a thin adapter over `arabic::index_terms`, the
//! one analyzer pipeline, so indexing, query parsing and snippet highlighting
//! agree on every term and its byte span in the original text.

use std::borrow::Cow;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Name under which the tokenizer is registered and referenced by the schema.
pub const TOKENIZER_NAME: &str = "arabic";

#[derive(Debug, Clone, Copy, Default)]
pub struct ArabicTokenizer;

/// Terms of one text handed out in order with consecutive positions. Terms
/// borrow from the text where they can and are copied into the one token's
/// buffer, so indexing a body allocates per text, not per word.
pub struct ArabicTokenStream<'a> {
    terms: Box<dyn Iterator<Item = (Cow<'a, str>, usize, usize)> + 'a>,
    next_position: usize,
    token: Token,
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = ArabicTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArabicTokenStream<'a> {
        ArabicTokenStream {
            terms: Box::new(arabic::index_terms_iter(text)),
            next_position: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for ArabicTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some((term, from, to)) = self.terms.next() else {
            return false;
        };
        self.token.text.clear();
        self.token.text.push_str(&term);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.next_position;
        self.token.position_length = 1;
        self.next_position += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_gives_terms_positions_and_original_offsets() {
        let text = "«المُفاوَضات» في Geneva";
        let mut tokenizer = ArabicTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut seen = Vec::new();
        while let Some(token) = stream.next() {
            seen.push((token.text.clone(), token.position, text[token.offset_from..token.offset_to].to_owned()));
        }
        assert_eq!(
            seen,
            vec![
                ("مفاوض".to_owned(), 0, "المُفاوَضات".to_owned()),
                ("في".to_owned(), 1, "في".to_owned()),
                ("geneva".to_owned(), 2, "Geneva".to_owned()),
            ]
        );
    }
}
