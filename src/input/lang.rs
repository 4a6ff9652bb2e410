//! Language guess: Chinese (simplified or traditional) or not. E-readers pick fonts by the
//! book's language, so zh-TW for traditional text matters.

use super::repair::is_han;

/// Characters common in running text that exist only in traditional form, each paired
/// index-for-index with its simplified form.
const TRADITIONAL: &str =
    "們這國說會來時個對們為與學開關長發無問還進書東車們過後現實點見經動業種際機體區處義當電話聽頭";
const SIMPLIFIED: &str =
    "们这国说会来时个对们为与学开关长发无问还进书东车们过后现实点见经动业种际机体区处义当电话听头";

/// A bit per BMP code point: O(1) membership for the hot loop.
struct CharSet(Vec<u64>);

impl CharSet {
    fn new(chars: &str) -> CharSet {
        let mut bits = vec![0u64; 0x10000 / 64];
        for c in chars.chars().map(|c| c as usize).filter(|&c| c < 0x10000) {
            bits[c / 64] |= 1 << (c % 64);
        }
        CharSet(bits)
    }

    fn contains(&self, c: char) -> bool {
        let c = c as usize;
        c < 0x10000 && self.0[c / 64] & (1 << (c % 64)) != 0
    }
}

static TRADITIONAL_SET: std::sync::LazyLock<CharSet> =
    std::sync::LazyLock::new(|| CharSet::new(TRADITIONAL));
static SIMPLIFIED_SET: std::sync::LazyLock<CharSet> =
    std::sync::LazyLock::new(|| CharSet::new(SIMPLIFIED));

/// `zh-CN`, `zh-TW`, or `en` (little or no Han text).
pub fn guess(text: &str) -> &'static str {
    let (traditional, simplified) = (&*TRADITIONAL_SET, &*SIMPLIFIED_SET);
    let mut han = 0usize;
    let mut latin = 0usize;
    let mut trad = 0usize;
    let mut simp = 0usize;
    for c in text.chars().take(20_000) {
        if is_han(c) {
            han += 1;
            if traditional.contains(c) {
                trad += 1;
            } else if simplified.contains(c) {
                simp += 1;
            }
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    if han == 0 || latin > han * 4 {
        "en"
    } else if trad > simp {
        "zh-TW"
    } else {
        "zh-CN"
    }
}

/// The language a page declares (`<html lang>`, `og:locale`), when it is a Chinese tag
/// whose script agrees with the text's: it keeps the region the guess cannot see
/// (zh-HK, zh-MO, zh-SG). Templates often declare a default (`en`, `zh-CN` on a
/// traditional page): a declaration the text contradicts, or one with no script or
/// region to tell (`zh`), gives way to [`guess`].
pub fn declared_or_guess(declared: Option<&str>, text: &str) -> String {
    let guessed = guess(text);
    let Some(tag) = declared.and_then(normalise_chinese_tag) else {
        return guessed.to_string();
    };
    let lower = tag.to_ascii_lowercase();
    let traditional = ["-hant", "-tw", "-hk", "-mo"]
        .iter()
        .any(|s| lower.contains(s));
    let simplified = ["-hans", "-cn", "-sg", "-my"]
        .iter()
        .any(|s| lower.contains(s));
    let agrees = match guessed {
        "zh-TW" => traditional && !simplified,
        "zh-CN" => simplified && !traditional,
        _ => false,
    };
    if agrees { tag } else { guessed.to_string() }
}

/// `zh_hk`, `ZH-hk`, `zh-hant-tw` → `zh-HK`, `zh-Hant-TW`; `None` for a tag that is not
/// Chinese or not of the shape language[-Script][-REGION].
fn normalise_chinese_tag(tag: &str) -> Option<String> {
    let parts: Vec<&str> = tag.trim().split(['-', '_']).collect();
    let (lang, rest) = parts.split_first()?;
    if !lang.eq_ignore_ascii_case("zh") || rest.is_empty() || rest.len() > 2 {
        return None;
    }
    let mut out = String::from("zh");
    for (i, p) in rest.iter().enumerate() {
        let ok = p.chars().all(|c| c.is_ascii_alphabetic());
        match p.len() {
            4 if ok && i == 0 => {
                out.push('-');
                out.push_str(&p[..1].to_ascii_uppercase());
                out.push_str(&p[1..].to_ascii_lowercase());
            }
            2 if ok && i == rest.len() - 1 => {
                out.push('-');
                out.push_str(&p.to_ascii_uppercase());
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_region_is_kept_when_the_script_agrees() {
        let hant = "我們這個國家的發展";
        let hans = "我们这个国家的发展";
        assert_eq!(declared_or_guess(Some("zh-HK"), hant), "zh-HK");
        assert_eq!(declared_or_guess(Some("zh_hk"), hant), "zh-HK");
        assert_eq!(declared_or_guess(Some("zh-hant-mo"), hant), "zh-Hant-MO");
        assert_eq!(declared_or_guess(Some("zh-SG"), hans), "zh-SG");
        // The template's default against the text: the text wins.
        assert_eq!(declared_or_guess(Some("zh-CN"), hant), "zh-TW");
        assert_eq!(declared_or_guess(Some("en"), hans), "zh-CN");
        assert_eq!(declared_or_guess(Some("zh"), hant), "zh-TW");
        assert_eq!(declared_or_guess(Some("zh-HK-x-bad"), hant), "zh-TW");
        assert_eq!(declared_or_guess(None, hans), "zh-CN");
    }

    #[test]
    fn simplified_traditional_and_english() {
        assert_eq!(guess("我们这个国家的发展"), "zh-CN");
        assert_eq!(guess("我們這個國家的發展"), "zh-TW");
        assert_eq!(guess("The quick brown fox"), "en");
        assert_eq!(guess("重大项目领跑"), "zh-CN");
    }

    #[test]
    fn tables_pair_up() {
        assert_eq!(TRADITIONAL.chars().count(), SIMPLIFIED.chars().count());
    }
}
