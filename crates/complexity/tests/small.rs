//! Hand-computed 4 x 3 examples and every degenerate-input rule.

// Index loops mirror the matrix notation of the hand derivations.
#![allow(clippy::needless_range_loop)]

use liantu_complexity::{ComplexityError, Convention, Options, Panel, PeriodResult, compute};

/// Values chosen so that M is a path-like, connected, asymmetric network:
///
/// ```text
///        p1  p2  p3   total      RCA                    M
///   a    10   .   .    10    40/17   0     0         1 0 0
///   b     6   4   .    10    24/17 16/13   0         1 1 0
///   c     .   5   5    10      0   20/13   2         0 1 1
///   d     1   4   5    10     4/17 16/13   2         0 1 1
/// total  17  13  10    40
/// ```
fn example() -> Panel {
    let mut panel = Panel::new();
    for (l, p, v) in [
        ("a", "p1", 10.0),
        ("b", "p1", 6.0),
        ("b", "p2", 4.0),
        ("c", "p2", 5.0),
        ("c", "p3", 5.0),
        ("d", "p1", 1.0),
        ("d", "p2", 4.0),
        ("d", "p3", 5.0),
    ] {
        panel.push("2000", l, p, v);
    }
    panel
}

const M: [[f64; 3]; 4] = [[1., 0., 0.], [1., 1., 0.], [0., 1., 1.], [0., 1., 1.]];

fn one(panel: &Panel, options: &Options) -> PeriodResult {
    let mut out = compute(panel, options).expect("compute");
    assert_eq!(out.len(), 1);
    out.remove(0)
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() <= 1e-12, "{what}: {a} vs {b}");
}

#[test]
fn rca_presence_diversity_ubiquity() {
    let out = one(&example(), &Options::default());
    let rca = [
        [40. / 17., 0., 0.],
        [24. / 17., 16. / 13., 0.],
        [0., 20. / 13., 2.],
        [4. / 17., 16. / 13., 2.],
    ];
    for l in 0..4 {
        for p in 0..3 {
            let cell = out.cell(l, p).expect("cell");
            close(cell.rca, rca[l][p], "rca");
            assert_eq!(cell.mcp, M[l][p] == 1.0);
        }
    }
    let diversity: Vec<_> = out.locations.iter().map(|l| l.diversity).collect();
    assert_eq!(diversity, [Some(1), Some(2), Some(2), Some(2)]);
    let ubiquity: Vec<_> = out.products.iter().map(|p| p.ubiquity).collect();
    assert_eq!(ubiquity, [Some(2), Some(3), Some(2)]);
    let totals: Vec<_> = out.products.iter().map(|p| p.total).collect();
    assert_eq!(totals, [17.0, 13.0, 10.0]);
}

#[test]
fn proximity_and_density_both_conventions() {
    // C = M^T M: c12 = 1, c13 = 0, c23 = 2; phi = c / max(ubiquity).
    let off = [[0., 1. / 3., 0.], [1. / 3., 0., 2. / 3.], [0., 2. / 3., 0.]];
    for (options, diagonal, density) in [
        (
            Options::default(),
            1.0,
            [
                [3. / 4., 1. / 6., 0.],
                [1., 2. / 3., 2. / 5.],
                [1. / 4., 5. / 6., 1.],
                [1. / 4., 5. / 6., 1.],
            ],
        ),
        (
            Options::stata(),
            0.0,
            [
                [0., 1. / 3., 0.],
                [1., 1. / 3., 1.],
                [1., 2. / 3., 1.],
                [1., 2. / 3., 1.],
            ],
        ),
    ] {
        let out = one(&example(), &options);
        for p in 0..3 {
            for q in 0..3 {
                let want = if p == q { diagonal } else { off[p][q] };
                close(out.proximity(p, q).expect("kept"), want, "proximity");
            }
        }
        for l in 0..4 {
            for p in 0..3 {
                let got = out.cell(l, p).and_then(|c| c.density).expect("density");
                close(got, density[l][p], "density");
            }
        }
    }
}

/// Second eigenvector of Mpp = D_u^-1 M^T D_d^-1 M, derived by hand:
/// Mpp = [[3/4, 1/4, 0], [1/6, 1/2, 1/3], [0, 1/2, 1/2]], eigenvalues 1 and
/// (3/4 ± sqrt(19/48)) / 2; for lambda, kp = [1, 4 lambda - 3, (4 lambda - 3) / (2 lambda - 1)].
fn hand_eigen() -> (f64, [f64; 3], [f64; 4]) {
    let lambda = (0.75 + (19.0_f64 / 48.0).sqrt()) / 2.0;
    let k2 = 4.0 * lambda - 3.0;
    let kp = [1.0, k2, k2 / (2.0 * lambda - 1.0)];
    // kc = D_d^-1 M kp; location a (diversity 1) gets the largest value, so the
    // correlation with diversity is negative and the sign flips.
    let kc = [
        kp[0],
        (kp[0] + kp[1]) / 2.0,
        (kp[1] + kp[2]) / 2.0,
        (kp[1] + kp[2]) / 2.0,
    ];
    (lambda, kp.map(|x| -x), kc.map(|x| -x))
}

fn mean_sd(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    (
        m,
        (x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / n).sqrt(),
    )
}

#[test]
fn eci_pci_coi_cog_match_hand_derivation() {
    let out = one(&example(), &Options::default());
    let (lambda, kp, kc) = hand_eigen();
    close(out.spectrum.second, lambda, "lambda2");
    close(out.spectrum.third.expect("third"), 0.75 - lambda, "lambda3");
    let (m, sd) = mean_sd(&kc);
    for (l, loc) in out.locations.iter().enumerate() {
        close(loc.eci.expect("eci"), (kc[l] - m) / sd, "eci");
    }
    for (p, prod) in out.products.iter().enumerate() {
        close(prod.pci.expect("pci"), (kp[p] - m) / sd, "pci");
    }
    // The least diversified location, exporting only the most ubiquitous-cluster product,
    // must have the lowest ECI; products 2 and 3 (made by the diversified) are the complex ones.
    let eci: Vec<f64> = out.locations.iter().map(|l| l.eci.expect("eci")).collect();
    assert!(eci[0] < eci[1] && eci[1] < eci[2]);
    assert!(out.products[0].pci < out.products[2].pci);

    // COI and COG from the hand-derived proximity (diagonal 1) and density.
    let phi = [[1., 1. / 3., 0.], [1. / 3., 1., 2. / 3.], [0., 2. / 3., 1.]];
    let rs = [4. / 3., 2., 5. / 3.];
    let density = [
        [3. / 4., 1. / 6., 0.],
        [1., 2. / 3., 2. / 5.],
        [1. / 4., 5. / 6., 1.],
        [1. / 4., 5. / 6., 1.],
    ];
    let coi_raw: Vec<f64> = (0..4)
        .map(|l| (0..3).map(|p| density[l][p] * (1. - M[l][p]) * kp[p]).sum())
        .collect();
    let (cm, csd) = mean_sd(&coi_raw);
    for l in 0..4 {
        close(
            out.locations[l].coi.expect("coi"),
            (coi_raw[l] - cm) / csd,
            "coi",
        );
        for p in 0..3 {
            let raw: f64 = (0..3)
                .map(|k| (1. - M[l][k]) * phi[p][k] * kp[k] / rs[k])
                .sum::<f64>()
                * (1. - M[l][p]);
            close(out.cell(l, p).expect("cell").cog, raw / sd, "cog");
        }
    }
}

#[test]
fn stata_scaling_uses_sample_sd_over_rectangular_rows() {
    let out = one(&example(), &Options::stata());
    let (_, _, kc) = hand_eigen();
    let (m, sd0) = mean_sd(&kc);
    let sd = sd0 * (12.0_f64 / 11.0).sqrt(); // 4 locations x 3 products = 12 rows
    for (l, loc) in out.locations.iter().enumerate() {
        close(loc.eci.expect("eci"), (kc[l] - m) / sd, "stata eci");
    }
}

#[test]
fn zero_total_codes_are_left_out_with_none() {
    let mut panel = example();
    panel.push("2000", "z", "p1", 0.0); // location with zero total
    panel.push("2000", "a", "p9", 0.0); // product with zero total
    let out = one(&panel, &Options::default());
    let base = one(&example(), &Options::default());
    let z = out.location_index("z").expect("z listed");
    assert_eq!(
        (
            out.locations[z].diversity,
            out.locations[z].eci,
            out.locations[z].coi
        ),
        (None, None, None)
    );
    let p9 = out.product_index("p9").expect("p9 listed");
    assert_eq!(
        (out.products[p9].ubiquity, out.products[p9].pci),
        (None, None)
    );
    assert!(out.cell(z, 0).is_none() && out.cell(0, p9).is_none());
    assert!(out.proximity(p9, 0).is_none());
    for loc in &base.locations {
        let i = out.location_index(&loc.code).expect("kept");
        assert_eq!(out.locations[i].eci, loc.eci);
    }
}

#[test]
fn zero_diversity_under_a_high_threshold_gives_none_eci() {
    // With threshold 1.5, M = [[1,0,1],[0,0,1],[0,0,0],[1,1,0]]: c has no product but
    // the rest of the network stays connected.
    let options = Options {
        threshold: 1.5,
        ..Options::default()
    };
    let mut panel = Panel::new();
    for (l, row) in [
        ("a", [1., 0., 2.]),
        ("b", [0., 0., 5.]),
        ("c", [2., 5., 4.]),
        ("d", [2., 4., 0.]),
    ] {
        for (p, v) in ["p1", "p2", "p3"].iter().zip(row) {
            panel.push("2000", l, p, v);
        }
    }
    let out = one(&panel, &options);
    let c = out.location_index("c").expect("c");
    assert_eq!(out.locations[c].diversity, Some(0));
    assert_eq!(out.locations[c].eci, None);
    assert!(out.locations[c].coi.is_some());
    assert!(out.cell(c, 0).and_then(|x| x.density).is_some());
    let valid: Vec<f64> = out.locations.iter().filter_map(|l| l.eci).collect();
    assert_eq!(valid.len(), 3);
    let (m, sd) = mean_sd(&valid);
    assert!(m.abs() < 1e-12 && (sd - 1.0).abs() < 1e-12);
    // numpy on the 3 x 3 sub-network gives 0.6545085 = (3 + sqrt 5) / 8.
    assert!((out.spectrum.second - (3.0 + 5.0_f64.sqrt()) / 8.0).abs() < 1e-12);
}

#[test]
fn isolated_product_has_no_stata_density() {
    // e exports only p4 and nobody else has p4: with a zero diagonal, p4's proximities
    // sum to 0. The network is then disconnected, which the spectrum shows (second = 1).
    let mut panel = example();
    panel.push("2000", "e", "p4", 10.0);
    let out = one(&panel, &Options::stata());
    let p4 = out.product_index("p4").expect("p4");
    for l in 0..out.locations.len() {
        assert_eq!(out.cell(l, p4).expect("cell").density, None);
        assert!(out.cell(l, 0).expect("cell").density.is_some());
    }
    assert!((out.spectrum.second - 1.0).abs() < 1e-12);
    let py = one(&panel, &Options::default());
    assert!(py.cell(0, p4).and_then(|c| c.density).is_some());
}

#[test]
fn constant_coi_is_none() {
    // Three disconnected blocks: every absent product has zero density, so raw COI is 0
    // everywhere. ECI is then ill-defined (eigenvalue 1 is triple) and may be refused, but
    // if a result comes back its COI must be None rather than NaN.
    let mut panel = Panel::new();
    for (l, p, v) in [
        ("a", "1", 10.0),
        ("b", "2", 5.0),
        ("b", "3", 5.0),
        ("c", "4", 10.0),
    ] {
        panel.push("t", l, p, v);
    }
    match compute(&panel, &Options::default()) {
        Ok(out) => assert!(out[0].locations.iter().all(|l| l.coi.is_none())),
        Err(e) => assert!(matches!(e, ComplexityError::Degenerate { .. }), "{e}"),
    }
}

fn err(panel: &Panel, options: &Options) -> ComplexityError {
    compute(panel, options).expect_err("must fail")
}

#[test]
fn input_errors() {
    assert_eq!(
        err(&Panel::new(), &Options::default()),
        ComplexityError::EmptyInput
    );
    for bad in [-1.0, f64::NAN, f64::INFINITY] {
        let mut panel = example();
        panel.push("2000", "a", "p2", bad);
        match err(&panel, &Options::default()) {
            ComplexityError::InvalidValue {
                row: 8, location, ..
            } => assert_eq!(location, "a"),
            other => panic!("unexpected {other:?}"),
        }
    }
    let mut panel = example();
    panel.push("2000", "c", "p3", 1.0);
    assert_eq!(
        err(&panel, &Options::default()),
        ComplexityError::DuplicateKey {
            time: "2000".into(),
            location: "c".into(),
            product: "p3".into()
        }
    );
    // The same key in another period is not a duplicate.
    let mut panel = example();
    panel.push("2001", "c", "p3", 1.0);
    assert!(matches!(
        err(&panel, &Options::default()),
        ComplexityError::TooFewLocations { .. }
    ));
    for t in [f64::NAN, -1.0, f64::INFINITY] {
        let options = Options {
            threshold: t,
            ..Options::default()
        };
        assert!(matches!(
            err(&example(), &options),
            ComplexityError::InvalidThreshold(_)
        ));
    }
}

#[test]
fn degenerate_periods() {
    let build = |rows: &[(&str, &str, f64)]| {
        let mut panel = Panel::new();
        for &(l, p, v) in rows {
            panel.push("t", l, p, v);
        }
        panel
    };
    let py = Options::default();
    let all_zero = build(&[("a", "1", 0.0), ("b", "2", 0.0)]);
    assert_eq!(
        err(&all_zero, &py),
        ComplexityError::AllZero { time: "t".into() }
    );

    let one_location = build(&[("a", "1", 3.0), ("a", "2", 4.0)]);
    assert_eq!(
        err(&one_location, &py),
        ComplexityError::TooFewLocations {
            time: "t".into(),
            count: 1
        }
    );
    let one_product = build(&[("a", "1", 3.0), ("b", "1", 4.0)]);
    assert_eq!(
        err(&one_product, &py),
        ComplexityError::TooFewProducts {
            time: "t".into(),
            count: 1
        }
    );
    // Identical export mixes: RCA = 1 everywhere. py: every location has every product,
    // the second eigenvalue is 0. Stata (strict >): nothing is present.
    let proportional = build(&[
        ("a", "1", 1.0),
        ("a", "2", 1.0),
        ("b", "1", 2.0),
        ("b", "2", 2.0),
    ]);
    assert!(matches!(
        err(&proportional, &py),
        ComplexityError::Degenerate { .. }
    ));
    assert_eq!(
        err(&proportional, &Options::stata()),
        ComplexityError::TooFewLocations {
            time: "t".into(),
            count: 0
        }
    );
    // A symmetric path a-1-b-2-c-3-d: diversity (1,2,2,1) is uncorrelated with the
    // antisymmetric eigenvector, so the ECI sign is undefined.
    let path = build(&[
        ("a", "1", 10.0),
        ("b", "1", 5.0),
        ("b", "2", 5.0),
        ("c", "2", 5.0),
        ("c", "3", 5.0),
        ("d", "3", 10.0),
    ]);
    assert!(matches!(
        err(&path, &py),
        ComplexityError::Degenerate { .. }
    ));
    // Totals that overflow f64.
    let huge = build(&[("a", "1", 1e308), ("a", "2", 1e308), ("b", "1", 1e308)]);
    assert_eq!(
        err(&huge, &py),
        ComplexityError::Overflow { time: "t".into() }
    );
}

#[test]
fn product_codes_are_text_and_periods_are_sorted() {
    let mut panel = Panel::new();
    for (t, shift) in [("2001", 1.0), ("2000", 0.0)] {
        for (l, p, v) in [
            ("a", "0011", 10.0),
            ("b", "0011", 6.0),
            ("b", "11", 4.0 + shift),
            ("c", "11", 5.0),
            ("c", "012", 5.0),
            ("d", "0011", 1.0),
            ("d", "11", 4.0),
            ("d", "012", 5.0),
        ] {
            panel.push(t, l, p, v);
        }
    }
    let out = compute(&panel, &Options::default()).expect("compute");
    let times: Vec<&str> = out.iter().map(|p| p.time.as_str()).collect();
    assert_eq!(times, ["2000", "2001"]);
    let codes: Vec<&str> = out[0].products.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["0011", "012", "11"]);
    // 2000 is the hand example with p1 = "0011", p2 = "11", p3 = "012".
    let base = one(&example(), &Options::default());
    let p11 = out[0].product_index("11").expect("11");
    assert_eq!(out[0].products[p11].pci, base.products[1].pci);
    assert_eq!(Options::stata().convention, Convention::Stata);
}
