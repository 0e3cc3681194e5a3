//! Numbers as a Vietnamese reader writes them (5.100, 3,79%; with `--lang en`, 5,100 and 3.79%)
//! and as a spreadsheet parses them (5100, 0.0379), and the change of a figure from one year to the
//! next.
//!
//! Rounding is half-even throughout, as DESIGN §5 rounds ratios, and done on integers so that
//! what is printed never depends on how a binary float happens to fall.

use crate::{i18n::Lang, view::basis_points};

/// The thousands separator and the decimal mark of a language.
fn marks(lang: Lang) -> (char, char) {
    match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    }
}

/// `n` with its thousands grouped: `5.100`, `-1.234`, `12.345.678` (`5,100` in English).
pub(crate) fn grouped(lang: Lang, n: i64) -> String {
    let (separator, _) = marks(lang);
    let digits = n.unsigned_abs().to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        text.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push(separator);
        }
        text.push(digit);
    }
    text
}

/// A ratio as a percentage with two decimals: `0.0379` → `3,79%` (`3.79%` in English). Empty
/// for a ratio that is not a number.
pub(crate) fn percent(lang: Lang, ratio: f64) -> String {
    basis_points(ratio).map_or_else(String::new, |points| {
        format!("{}%", decimal(lang, points, 2))
    })
}

/// A ratio with four decimals after a dot, for CSV: `0.0379`.
pub(crate) fn ratio_dot(ratio: f64) -> String {
    basis_points(ratio).map_or_else(String::new, |points| decimal_dot(points, 4))
}

/// The change from `previous` to `current` in tenths of a percent (`+3,4%` is 34), rounded
/// half-even; `None` when `previous` is 0, where no change can be said relative to it.
pub(crate) fn change_permille(current: i64, previous: i64) -> Option<i64> {
    if previous == 0 {
        return None;
    }
    let numerator = (i128::from(current) - i128::from(previous)) * 1000;
    let denominator = i128::from(previous);
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    // Round the exact quotient half to even: compare twice the remainder with the divisor.
    let twice = (remainder * 2).abs();
    let away = twice > denominator.abs() || (twice == denominator.abs() && quotient % 2 != 0);
    let negative = (numerator < 0) != (denominator < 0);
    let rounded = match (away, negative) {
        (false, _) => quotient,
        (true, false) => quotient + 1,
        (true, true) => quotient - 1,
    };
    i64::try_from(rounded).ok()
}

/// A change in tenths of a percent, signed: `+3,4%`, `-2,0%`, `0,0%` (`+3.4%` in English).
pub(crate) fn change_percent(lang: Lang, permille: i64) -> String {
    let sign = if permille > 0 { "+" } else { "" };
    format!("{sign}{}%", decimal(lang, permille, 1))
}

/// A change in tenths of a percent as a ratio with a dot, for CSV: `34` → `0.034`.
pub(crate) fn change_dot(permille: i64) -> String {
    decimal_dot(permille, 3)
}

/// `scaled / 10^places` for a reader, the integer part grouped: `379, 2` → `3,79`.
fn decimal(lang: Lang, scaled: i64, places: u32) -> String {
    let (sign, whole, fraction) = split(scaled, places);
    let whole = grouped(lang, i64::try_from(whole).unwrap_or(i64::MAX));
    let (_, mark) = marks(lang);
    format!(
        "{sign}{whole}{mark}{fraction:0width$}",
        width = places as usize
    )
}

/// `scaled / 10^places` with a decimal dot and no grouping: `379, 4` → `0.0379`.
fn decimal_dot(scaled: i64, places: u32) -> String {
    let (sign, whole, fraction) = split(scaled, places);
    format!("{sign}{whole}.{fraction:0width$}", width = places as usize)
}

/// The sign, the whole part and the fraction of `scaled / 10^places`.
fn split(scaled: i64, places: u32) -> (&'static str, u64, u64) {
    let unit = 10_u64.pow(places);
    let magnitude = scaled.unsigned_abs();
    let sign = if scaled < 0 { "-" } else { "" };
    (sign, magnitude / unit, magnitude % unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_with_dots() {
        for (n, text) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1.000"),
            (4934, "4.934"),
            (5100, "5.100"),
            (-1234, "-1.234"),
            (-999, "-999"),
            (100_000, "100.000"),
            (1_234_567, "1.234.567"),
            (12_345_678, "12.345.678"),
            (i64::MIN, "-9.223.372.036.854.775.808"),
        ] {
            assert_eq!(grouped(Lang::Vi, n), text, "{n}");
        }
        assert_eq!(grouped(Lang::En, 1_234_567), "1,234,567");
    }

    #[test]
    fn ratios_are_percentages_with_a_decimal_comma() {
        assert_eq!(percent(Lang::Vi, 0.0379), "3,79%");
        assert_eq!(percent(Lang::Vi, 0.9163), "91,63%");
        assert_eq!(percent(Lang::Vi, 0.0), "0,00%");
        assert_eq!(percent(Lang::Vi, 1.0), "100,00%");
        assert_eq!(percent(Lang::Vi, 12.5), "1.250,00%");
        assert_eq!(percent(Lang::Vi, f64::NAN), "");
        assert_eq!(percent(Lang::En, 12.5), "1,250.00%");
        assert_eq!(ratio_dot(0.0379), "0.0379");
        assert_eq!(ratio_dot(1.0), "1.0000");
    }

    /// 1/32 and 3/32 are exact in binary, and ten thousand times them end in exactly .5: the
    /// tie goes to the even neighbour, once down and once up.
    #[test]
    fn ratios_round_half_to_even() {
        assert_eq!(percent(Lang::Vi, 0.03125), "3,12%");
        assert_eq!(percent(Lang::Vi, 0.09375), "9,38%");
        assert_eq!(ratio_dot(0.03125), "0.0312");
        assert_eq!(ratio_dot(0.09375), "0.0938");
        assert_eq!(percent(Lang::Vi, 0.037_900_01), "3,79%");
    }

    #[test]
    fn changes_are_relative_to_the_previous_year() {
        // (5100 - 4934) / 4934 = 3.364…%
        assert_eq!(change_permille(5100, 4934), Some(34));
        assert_eq!(change_permille(4934, 5100), Some(-33));
        assert_eq!(change_permille(98, 100), Some(-20));
        assert_eq!(change_permille(100, 100), Some(0));
        assert_eq!(change_permille(1, 0), None);
        assert_eq!(change_permille(0, 5), Some(-1000));
        // Exact ties: +0.05% and +0.15% of a whole go to the even tenth.
        assert_eq!(change_permille(2001, 2000), Some(0));
        assert_eq!(change_permille(2003, 2000), Some(2));
        assert_eq!(change_permille(1997, 2000), Some(-2));
        assert_eq!(change_percent(Lang::Vi, 34), "+3,4%");
        assert_eq!(change_percent(Lang::Vi, -20), "-2,0%");
        assert_eq!(change_percent(Lang::Vi, 0), "0,0%");
        assert_eq!(change_percent(Lang::Vi, -1000), "-100,0%");
        assert_eq!(change_percent(Lang::Vi, 123_456), "+12.345,6%");
        assert_eq!(change_percent(Lang::En, 123_456), "+12,345.6%");
        assert_eq!(change_dot(34), "0.034");
        assert_eq!(change_dot(-20), "-0.020");
        assert_eq!(change_dot(1500), "1.500");
    }
}
