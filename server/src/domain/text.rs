//! Text as stored: Unicode NFC, trimmed, with limits counted in characters.

use unicode_normalization::UnicodeNormalization;

use super::FieldViolation;

/// The most characters of a caller's value that a message repeats.
pub const MAX_ECHO: usize = 100;

/// The longest message; longer ones end with `…`.
const MAX_MESSAGE: usize = 1000;

/// `message` with every quoted value (messages quote what the caller sent, `"…"`) longer
/// than [`MAX_ECHO`] characters cut there, and the whole no longer than [`MAX_MESSAGE`].
pub fn cut_echoes(message: String) -> String {
    if message.chars().count() <= MAX_ECHO {
        return message;
    }
    let mut out = String::with_capacity(MAX_MESSAGE);
    let mut kept = 0;
    let mut quoted: Option<usize> = None;
    for c in message.chars() {
        match (c, quoted) {
            ('"', Some(_)) => quoted = None,
            ('"', None) => quoted = Some(0),
            (_, Some(n)) if n >= MAX_ECHO => {
                if n == MAX_ECHO {
                    out.push('…');
                }
                quoted = Some(n + 1);
                continue;
            }
            (_, Some(n)) => quoted = Some(n + 1),
            (_, None) => {}
        }
        out.push(c);
        kept += 1;
        if kept >= MAX_MESSAGE {
            out.push('…');
            break;
        }
    }
    out
}

/// Normalises `raw` to NFC and trims it; refuses it empty or longer than `max` characters.
pub fn required(field: &str, raw: &str, max: usize) -> Result<String, FieldViolation> {
    let text: String = raw.trim().nfc().collect();
    if text.is_empty() {
        return Err(FieldViolation::new(
            field,
            "không được để trống",
            "must not be empty",
        ));
    }
    let chars = text.chars().count();
    if chars > max {
        return Err(FieldViolation::new(
            field,
            format!("dài {chars} ký tự, tối đa {max}"),
            format!("is {chars} characters long, at most {max} allowed"),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(FieldViolation::new(
            field,
            "có ký tự điều khiển (xuống dòng, tab…)",
            "contains control characters (newline, tab, …)",
        ));
    }
    Ok(text)
}

/// Like [`required`], but an empty value means "none".
pub fn optional(field: &str, raw: &str, max: usize) -> Result<Option<String>, FieldViolation> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        required(field, raw, max).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_echoed_value_is_cut_and_the_rest_of_the_message_kept() {
        let long = "x".repeat(3_000_000);
        let cut = cut_echoes(format!("unknown organization kind \"{long}\"; use CELL"));
        assert_eq!(
            cut,
            format!(
                "unknown organization kind \"{}…\"; use CELL",
                "x".repeat(MAX_ECHO)
            )
        );
        let short = "field kind takes only `=`".to_owned();
        assert_eq!(cut_echoes(short.clone()), short);
        let unquoted = cut_echoes("y".repeat(5000));
        assert_eq!(unquoted.chars().count(), MAX_MESSAGE + 1);
    }

    #[test]
    fn stores_nfc_and_trims() {
        // "Đảng" written with a combining hook and dot below (NFD).
        let nfd = "  \u{110}a\u{309}ng  ";
        assert_eq!(required("f", nfd, 10).unwrap(), "Đảng");
    }

    #[test]
    fn counts_characters_not_bytes() {
        let name = "Đ".repeat(255);
        assert!(required("f", &name, 255).is_ok());
        let too_long = "Đ".repeat(256);
        let err = required("f", &too_long, 255).unwrap_err();
        assert!(err.msg.en.contains("256"), "{err:?}");
    }

    #[test]
    fn refuses_blank_and_control_characters() {
        assert!(required("f", "   ", 10).is_err());
        assert!(required("f", "a\nb", 10).is_err());
        assert_eq!(optional("f", " ", 10).unwrap(), None);
    }
}
