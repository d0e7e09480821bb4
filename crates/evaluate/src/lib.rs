//! Scoring of Marsad's outputs against gold sets. Pure functions over values: the
//! caller reads the files, this crate only compares. Each module ports one
//! reference measure exactly, so that figures printed by `marsad eval` agree with
//! the reference scripts they were taken from.

pub mod extraction;
