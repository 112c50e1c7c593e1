//! A look at a compound file's (.xls) sector tables before calamine reads it. A table
//! whose chain of sectors runs in a circle makes calamine 0.38 read the circle for
//! ever: a directory chain grows without bound until memory runs out, and a stream's
//! chain past the end of the file turns on the spot. A sound file has no such circle.

/// The compound file's signature.
const SIGNATURE: &[u8; 8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Sector numbers at or above this are markers (end of chain, free, FAT or DIFAT
/// sector), not sectors.
const MAX_SECTOR: u32 = 0xFFFF_FFFA;

/// Why the file's sector tables cannot be followed, if they cannot: a chain of the
/// FAT or the mini FAT that runs in a circle. None for a sound file, and for one too
/// short or malformed to tell: calamine reports those itself.
pub fn circular_chain(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() < 512 || &bytes[..8] != SIGNATURE {
        return None;
    }
    let u32_at = |offset: usize| words(bytes.get(offset..offset + 4)?).next();
    let sector_size: usize = match u16::from_le_bytes([bytes[30], bytes[31]]) {
        9 => 512,
        12 => 4096,
        _ => return None,
    };
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(sector_size)?;
        bytes.get(start..start.checked_add(sector_size)?)
    };
    let sectors = bytes.len() / sector_size;
    // The DIFAT: the header's 109 entries, then its own chain of sectors, each ending
    // in the next one's number. Bounded by the sectors there are.
    let mut difat: Vec<u32> = (0..109).filter_map(|i| u32_at(76 + i * 4)).collect();
    let mut next = u32_at(68)?;
    let mut steps = 0;
    while next < MAX_SECTOR {
        steps += 1;
        if steps > sectors {
            return Some("its table of FAT sectors runs in a circle");
        }
        let Some(data) = sector(next) else { break };
        let mut entries: Vec<u32> = words(data).collect();
        next = entries.pop().unwrap_or(u32::MAX);
        difat.extend(entries);
    }
    let fat: Vec<u32> = difat
        .iter()
        .filter(|&&id| id < MAX_SECTOR)
        .filter_map(|&id| sector(id))
        .flat_map(words)
        .collect();
    if has_circle(&fat) {
        return Some("a chain of its sectors runs in a circle");
    }
    // The mini FAT, a chain of the FAT's sectors (which has just been found sound).
    let mut mini_fat: Vec<u32> = Vec::new();
    let mut next = u32_at(60)?;
    while next < MAX_SECTOR && mini_fat.len() < fat.len() * 128 {
        let Some(data) = sector(next) else { break };
        mini_fat.extend(words(data));
        next = fat.get(next as usize).copied().unwrap_or(u32::MAX);
    }
    has_circle(&mini_fat).then_some("a chain of its small sectors runs in a circle")
}

/// The little-endian 32-bit numbers a sector (or a header's field) holds.
fn words(data: &[u8]) -> impl Iterator<Item = u32> + '_ {
    data.chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Whether following `next` from any entry comes back to one already on the way.
fn has_circle(next: &[u32]) -> bool {
    // 0: not yet walked; 1: on the walk under way; 2: known to end.
    let mut state = vec![0u8; next.len()];
    let mut walk = Vec::new();
    for start in 0..next.len() {
        let mut at = start;
        while at < next.len() && state[at] == 0 {
            state[at] = 1;
            walk.push(at);
            at = next[at] as usize;
        }
        if at < next.len() && state[at] == 1 {
            return true;
        }
        for &done in &walk {
            state[done] = 2;
        }
        walk.clear();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{circular_chain, has_circle};

    #[test]
    fn a_circle_is_told_from_chains_that_end() {
        const END: u32 = 0xFFFF_FFFE;
        const FREE: u32 = 0xFFFF_FFFF;
        assert!(!has_circle(&[1, 2, END, FREE, 0]));
        assert!(!has_circle(&[]));
        assert!(has_circle(&[1, 2, 0]));
        assert!(has_circle(&[END, 2, 3, 2]));
        assert!(has_circle(&[0]));
    }

    /// A compound file of 512-byte sectors: the header, one FAT sector (sector 0)
    /// holding `fat`, and a directory sector (sector 1).
    fn compound(fat: &[u32]) -> Vec<u8> {
        let mut bytes = vec![0u8; 512 * 3];
        bytes[..8].copy_from_slice(super::SIGNATURE);
        bytes[30..32].copy_from_slice(&9u16.to_le_bytes());
        bytes[32..34].copy_from_slice(&6u16.to_le_bytes());
        bytes[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
        bytes[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no mini FAT
        bytes[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no DIFAT sectors
        for i in 0..109 {
            let id: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
            bytes[76 + i * 4..80 + i * 4].copy_from_slice(&id.to_le_bytes());
        }
        for (i, next) in fat
            .iter()
            .chain(std::iter::repeat(&0xFFFF_FFFF))
            .take(128)
            .enumerate()
        {
            bytes[512 + i * 4..516 + i * 4].copy_from_slice(&next.to_le_bytes());
        }
        bytes
    }

    #[test]
    fn a_compound_file_whose_directory_chain_loops_is_found() {
        // Sector 0 is the FAT's own; the directory's chain ends, or runs back to itself.
        assert_eq!(circular_chain(&compound(&[0xFFFF_FFFD, 0xFFFF_FFFE])), None);
        assert_eq!(
            circular_chain(&compound(&[0xFFFF_FFFD, 1])),
            Some("a chain of its sectors runs in a circle")
        );
        assert_eq!(circular_chain(b"not a compound file"), None);
    }
}
