//! Albers equal-area conic projection (Snyder, *Map Projections — A Working Manual*, 1987,
//! eq. 14-1 to 14-6, sphere), with the standard parallels of China's national maps.

/// Standard parallels of China's Albers maps, degrees.
pub const PARALLELS: (f64, f64) = (25.0, 47.0);

/// An Albers projection centred on (`lon0`, `lat0`); [`Albers::xy`] gives metres-like units on
/// a unit sphere, east = +x, north = +y.
#[derive(Debug, Clone, Copy)]
pub struct Albers {
    lon0: f64,
    n: f64,
    c: f64,
    rho0: f64,
}

impl Albers {
    pub fn new(lon0: f64, lat0: f64) -> Albers {
        let (p1, p2) = (PARALLELS.0.to_radians(), PARALLELS.1.to_radians());
        let n = (p1.sin() + p2.sin()) / 2.0;
        let c = p1.cos().powi(2) + 2.0 * n * p1.sin();
        let rho = |lat: f64| (c - 2.0 * n * lat.to_radians().sin()).sqrt() / n;
        Albers {
            lon0,
            n,
            c,
            rho0: rho(lat0),
        }
    }

    /// Projects [lon, lat] degrees.
    pub fn xy(&self, [lon, lat]: [f64; 2]) -> [f64; 2] {
        let rho = (self.c - 2.0 * self.n * lat.to_radians().sin()).sqrt() / self.n;
        let theta = self.n * (lon - self.lon0).to_radians();
        [rho * theta.sin(), self.rho0 - rho * theta.cos()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centre_is_origin_and_the_axes_point_east_and_north() {
        let p = Albers::new(109.4, 24.3);
        let o = p.xy([109.4, 24.3]);
        assert!(o[0].abs() < 1e-12 && o[1].abs() < 1e-12);
        assert!(p.xy([110.0, 24.3])[0] > 0.0);
        assert!(p.xy([109.4, 25.0])[1] > 0.0);
    }

    /// Equal area: two 1° cells on the same meridian band at different latitudes keep the ratio
    /// of their true areas on the sphere (cos-weighted), unlike a plate carrée.
    #[test]
    fn areas_are_kept() {
        let p = Albers::new(110.0, 30.0);
        let cell = |lat: f64| {
            let [a, b, c] = [
                p.xy([110.0, lat]),
                p.xy([111.0, lat]),
                p.xy([110.0, lat + 1.0]),
            ];
            // The projected cell is close to a parallelogram for 1°.
            ((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])).abs()
        };
        let sphere = |lat: f64| (lat + 1.0).to_radians().sin() - lat.to_radians().sin();
        let ratio = cell(20.0) / cell(45.0);
        let truth = sphere(20.0) / sphere(45.0);
        assert!((ratio / truth - 1.0).abs() < 0.01, "{ratio} vs {truth}");
    }
}
