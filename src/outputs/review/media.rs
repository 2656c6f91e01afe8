//! What the review's files and links really are: a PNG's size read from its header, a video
//! file's container from its first bytes, and whether a link is a file or a streaming page.

use std::io::Read;
use std::path::Path;

use url::Url;

/// The file extensions of video files a reviewer can download and keep.
const VIDEO_EXTENSIONS: [&str; 7] = ["mp4", "m4v", "mov", "webm", "mkv", "avi", "mpg"];

/// Hosts whose links open a player page, not a file.
const STREAMING_HOSTS: [&str; 16] = [
    "youtube.com",
    "youtu.be",
    "vimeo.com",
    "loom.com",
    "wistia.com",
    "vidyard.com",
    "drive.google.com",
    "docs.google.com",
    "dropbox.com",
    "onedrive.live.com",
    "1drv.ms",
    "box.com",
    "streamable.com",
    "twitch.tv",
    "sharepoint.com",
    "icloud.com",
];

/// Reads at most `limit` bytes from the start of a regular file (never a FIFO or device,
/// which could block the run).
pub fn read_head(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut head = Vec::new();
    std::fs::File::open(path)?
        .take(limit)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// The width and height in a PNG's IHDR chunk, or what the file is instead.
pub fn png_size(head: &[u8]) -> Result<(u32, u32), String> {
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
    if !head.starts_with(&SIGNATURE) {
        return Err(match image_kind(head) {
            Some(kind) => format!("it is {kind}, not a PNG"),
            None => "it is not a PNG (no PNG signature)".to_string(),
        });
    }
    if head.len() < 24 || &head[12..16] != b"IHDR" {
        return Err("it is a damaged PNG (no IHDR chunk after the signature)".to_string());
    }
    let word = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
    Ok((word(16), word(20)))
}

/// Names common image formats that are not PNG, for a clearer message.
fn image_kind(head: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(&head[..head.len().min(256)]).to_lowercase();
    if head.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("a JPEG")
    } else if head.starts_with(b"GIF8") {
        Some("a GIF")
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        Some("a WebP image")
    } else if text.contains("<svg") {
        Some("an SVG")
    } else {
        None
    }
}

/// The container a video file's first bytes announce.
pub fn video_container(head: &[u8]) -> Option<&'static str> {
    if head.get(4..8) == Some(b"ftyp") {
        Some("MP4/QuickTime")
    } else if head.starts_with(&[0x1a, 0x45, 0xdf, 0xa3]) {
        Some("WebM/Matroska")
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"AVI ") {
        Some("AVI")
    } else if head.starts_with(&[0x00, 0x00, 0x01, 0xba]) {
        Some("MPEG")
    } else {
        None
    }
}

/// Whether a link points at a downloadable video file; `Err` says why not.
pub fn check_video_link(url: &Url) -> Result<(), String> {
    if url.scheme() != "https" {
        return Err(format!("the link uses `{}`, not `https`", url.scheme()));
    }
    let host = url.host_str().unwrap_or_default().to_lowercase();
    if let Some(streaming) = STREAMING_HOSTS
        .iter()
        .find(|known| host == **known || host.ends_with(&format!(".{known}")))
    {
        return Err(format!(
            "{streaming} links open a player or sharing page, not a video file the reviewer can download and keep"
        ));
    }
    let extension = url
        .path()
        .rsplit('/')
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, extension)| extension.to_lowercase());
    match extension {
        Some(extension) if VIDEO_EXTENSIONS.contains(&extension.as_str()) => Ok(()),
        _ => Err(format!(
            "the link does not name a video file (its path does not end in {})",
            VIDEO_EXTENSIONS.map(|e| format!(".{e}")).join(", ")
        )),
    }
}

/// Whether a URL is an absolute `https` URL; `Err` says why not.
pub fn check_https(text: &str) -> Result<Url, String> {
    let url =
        Url::parse(text.trim()).map_err(|error| format!("`{text}` is not a URL ({error})"))?;
    if url.scheme() != "https" {
        return Err(format!("`{text}` uses `{}`, not `https`", url.scheme()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("`{text}` has no host"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = vec![
            0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13,
        ];
        bytes.extend_from_slice(b"IHDR");
        bytes.extend_from_slice(&width.to_be_bytes());
        bytes.extend_from_slice(&height.to_be_bytes());
        bytes
    }

    #[test]
    fn png_size_comes_from_the_header() {
        assert_eq!(png_size(&png(512, 512)), Ok((512, 512)));
        assert_eq!(png_size(&png(1024, 300)), Ok((1024, 300)));
        assert!(
            png_size(&[0xff, 0xd8, 0xff, 0xe0])
                .unwrap_err()
                .contains("JPEG")
        );
        assert!(png_size(b"<svg xmlns='x'/>").unwrap_err().contains("SVG"));
        assert!(png_size(&png(1, 1)[..14]).unwrap_err().contains("damaged"));
    }

    #[test]
    fn video_links_must_be_files() {
        let ok = Url::parse("https://cdn.example.com/a/demo.MP4?sig=1").unwrap();
        assert_eq!(check_video_link(&ok), Ok(()));
        for bad in [
            "https://www.youtube.com/watch?v=x",
            "https://youtu.be/x",
            "https://www.loom.com/share/abc",
            "https://cdn.example.com/demo",
            "http://cdn.example.com/demo.mp4",
        ] {
            assert!(
                check_video_link(&Url::parse(bad).unwrap()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn containers_are_sniffed() {
        assert_eq!(
            video_container(b"\0\0\0\x18ftypmp42"),
            Some("MP4/QuickTime")
        );
        assert_eq!(
            video_container(&[0x1a, 0x45, 0xdf, 0xa3, 1]),
            Some("WebM/Matroska")
        );
        assert_eq!(video_container(b"not a video"), None);
    }
}
