//! Figures of the request log: how long requests took to answer, per type, as the median and the
//! 95th percentile (nearest-rank: the smallest value at or above which that share of the
//! requests lie), so an operator sees both the usual case and the slow tail.

/// The median and 95th percentile of answer times, in seconds; `None` for no answered request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnswerTimes {
    /// How many answered requests the figures come from.
    pub count: usize,
    /// The median, in seconds.
    pub median_s: i64,
    /// The 95th percentile, in seconds.
    pub p95_s: i64,
}

impl AnswerTimes {
    /// The figures of `seconds` (each a request's time from receipt to its answer); `None` when
    /// there is none.
    pub fn of(mut seconds: Vec<i64>) -> Option<Self> {
        if seconds.is_empty() {
            return None;
        }
        seconds.sort_unstable();
        Some(Self { count: seconds.len(), median_s: nearest_rank(&seconds, 50), p95_s: nearest_rank(&seconds, 95) })
    }
}

/// The nearest-rank percentile of sorted, non-empty `values`.
fn nearest_rank(values: &[i64], percent: usize) -> i64 {
    let rank = (percent * values.len()).div_ceil(100).max(1);
    values[rank - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        assert_eq!(AnswerTimes::of(Vec::new()), None);
        assert_eq!(AnswerTimes::of(vec![7]), Some(AnswerTimes { count: 1, median_s: 7, p95_s: 7 }));
        let hundred: Vec<i64> = (1..=100).rev().collect();
        assert_eq!(AnswerTimes::of(hundred), Some(AnswerTimes { count: 100, median_s: 50, p95_s: 95 }));
        assert_eq!(AnswerTimes::of(vec![1, 2, 3, 1000]), Some(AnswerTimes { count: 4, median_s: 2, p95_s: 1000 }));
    }
}
