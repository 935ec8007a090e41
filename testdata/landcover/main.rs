//! `multisenge-landcover`: writes a synthetic, OCS GE-like land-cover source
//! and a BD TOPO-like road network over a Sentinel-2 tile, in Lambert-93
//! (EPSG:2154), as a GeoPackage with three layers:
//!
//! * `landcover`: polygons (`id`, `code_cs`, `code_us`) on a jittered lattice
//!   (one 7.8 ha cell per node by default, edges bent at their middle), with
//!   cells split into pieces below the MMU, slivers, holes (some with an
//!   island), multipolygons and self-intersecting (bow-tie) rings; classes
//!   follow smooth landscape zones so regions are realistic;
//! * `roads`: lines (`id`, `importance` "1"–"5", `nature`);
//! * `railways`: lines (`id`).
//!
//! Deterministic: the same arguments give the same file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gdal::spatial_ref::CoordTransform;
use gdal::vector::{Geometry, LayerAccess, LayerOptions, OGRFieldType, OGRwkbGeometryType};
use gdal::DriverManager;

use multisenge::io::formats::vector::srs_from_epsg;
use multisenge::model::grid::{TilingGrid, TILE_SIZE_M};
use multisenge::model::tile::TileCode;

/// Write a synthetic land-cover source and road network over a tile.
#[derive(Debug, Parser)]
#[command(name = "multisenge-landcover")]
struct Args {
    /// Output GeoPackage (overwritten).
    #[arg(long, short)]
    out: PathBuf,
    /// Sentinel-2 tile whose area is covered.
    #[arg(long, default_value = "31UGQ")]
    tile: String,
    /// Side of the covered square from the tile's upper-left corner, metres
    /// (default: the whole tile).
    #[arg(long, default_value_t = TILE_SIZE_M)]
    size_m: f64,
    /// Lattice spacing, metres (one cell of about spacing² before splits).
    #[arg(long, default_value_t = 280.0)]
    cell_m: f64,
    /// Number of road lines (default: 20 000 per full tile, pro rata).
    #[arg(long)]
    roads: Option<usize>,
    /// Seed of the generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// SplitMix64: a small, good-enough deterministic hash/PRNG.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn unit(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(1);
        mix(self.0)
    }
    fn f(&mut self) -> f64 {
        unit(self.next())
    }
}

/// (cover, usage) pairs per landscape, with weights.
const URBAN: &[(&str, &str, u32)] = &[
    ("CS1.1.1.1", "US5", 40),
    ("CS2.2.1", "US5", 15),
    ("CS1.1.1.1", "US2", 10),
    ("CS1.1.1.2", "US3", 8),
    ("CS2.2.1.2", "US6.1", 8),
    ("CS1.1.1.2", "US4.1.1", 6),
    ("CS2.1.1.1", "US3", 5),
    ("CS1.2.1", "US6.3", 3),
    ("CS1.2.2", "US6.3", 2),
    ("CS2.1.3", "US1.1", 1),
    ("CS9.9", "US0", 1),
    ("CS1.1.2.1", "US1.3", 1),
];
const FARM: &[(&str, &str, u32)] = &[
    ("CS2.2.1.1", "US1.1", 55),
    ("CS2.2.1.2", "US1.1", 20),
    ("CS2.1.2", "US1.1", 6),
    ("CS2.1.1.1", "US1.2", 6),
    ("CS2.1.3.2", "US1.1", 4),
    ("CS1.1.1.1", "US5", 3),
    ("CS1.2.2", "US6.3", 2),
    ("CS2.2.2", "US6.3", 2),
    ("CS1.1.1.1", "US1.1", 2),
];
const FOREST: &[(&str, &str, u32)] = &[
    ("CS2.1.1.1", "US1.2", 45),
    ("CS2.1.1.2", "US1.2", 25),
    ("CS2.1.1.3", "US1.2", 10),
    ("CS2.1.2", "US6.3", 8),
    ("CS2.2.1.2", "US1.1", 6),
    ("CS1.2.2", "US6.3", 3),
    ("CS2.2.2", "US6.3", 3),
];
const VINE: &[(&str, &str, u32)] = &[
    ("CS2.1.3.1", "US1.1", 55),
    ("CS2.1.3.2", "US1.1", 10),
    ("CS2.2.1.2", "US1.1", 15),
    ("CS1.1.1.1", "US5", 8),
    ("CS2.1.1.1", "US1.2", 7),
    ("CS1.2.3", "US6.3", 5),
];
const WET: &[(&str, &str, u32)] = &[
    ("CS1.2.2", "US6.3", 45),
    ("CS2.2.2", "US6.3", 30),
    ("CS2.2.1.2", "US1.1", 15),
    ("CS2.1.1.1", "US1.2", 10),
];

fn pick(table: &'static [(&str, &str, u32)], h: u64) -> (&'static str, &'static str) {
    let total: u32 = table.iter().map(|t| t.2).sum();
    let mut r = (h % total as u64) as u32;
    for &(c, u, w) in table {
        if r < w {
            return (c, u);
        }
        r -= w;
    }
    (table[0].0, table[0].1)
}

struct Landscape {
    phases: [f64; 8],
}

impl Landscape {
    /// Landscape table at (x, y), from smooth noise with wavelengths of a few km.
    fn table(&self, x: f64, y: f64) -> &'static [(&'static str, &'static str, u32)] {
        let p = &self.phases;
        let a = (x / 4100.0 + p[0]).sin()
            + (y / 3300.0 + p[1]).sin()
            + 0.5 * ((x + y) / 1700.0 + p[2]).sin();
        let b = (x / 5300.0 + p[3]).cos()
            + (y / 6100.0 + p[4]).sin()
            + 0.5 * ((x - y) / 2300.0 + p[5]).cos();
        if a > 1.6 {
            URBAN
        } else if b > 1.5 {
            WET
        } else if a < -1.2 {
            FOREST
        } else if b < -1.7 {
            VINE
        } else {
            FARM
        }
    }
}

/// A feature in UTM: polygons (rings of points), codes.
struct Feature {
    parts: Vec<Vec<Vec<(f64, f64)>>>,
    cs: &'static str,
    us: &'static str,
}

fn lerp(a: (f64, f64), b: (f64, f64), t: f64) -> (f64, f64) {
    (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
}

fn wkb_polygons(parts: &[Vec<Vec<(f64, f64)>>], out: &mut Vec<u8>) {
    out.clear();
    out.push(1);
    out.extend_from_slice(&6u32.to_le_bytes());
    out.extend_from_slice(&(parts.len() as u32).to_le_bytes());
    for rings in parts {
        out.push(1);
        out.extend_from_slice(&3u32.to_le_bytes());
        out.extend_from_slice(&(rings.len() as u32).to_le_bytes());
        for ring in rings {
            out.extend_from_slice(&(ring.len() as u32 + 1).to_le_bytes());
            for p in ring.iter().chain(std::iter::once(&ring[0])) {
                out.extend_from_slice(&p.0.to_le_bytes());
                out.extend_from_slice(&p.1.to_le_bytes());
            }
        }
    }
}

fn wkb_line(pts: &[(f64, f64)], out: &mut Vec<u8>) {
    out.clear();
    out.push(1);
    out.extend_from_slice(&2u32.to_le_bytes());
    out.extend_from_slice(&(pts.len() as u32).to_le_bytes());
    for p in pts {
        out.extend_from_slice(&p.0.to_le_bytes());
        out.extend_from_slice(&p.1.to_le_bytes());
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("multisenge-landcover: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let tile = TileCode::parse(&args.tile).map_err(|e| format!("--tile {}: {e}", args.tile))?;
    let g = TilingGrid::official()
        .get(&tile)
        .ok_or_else(|| format!("--tile {tile}: not in the tiling grid"))?;
    let utm = srs_from_epsg(g.epsg).map_err(|e| e.to_string())?;
    let l93 = srs_from_epsg(2154).map_err(|e| e.to_string())?;
    let to_l93 = CoordTransform::new(&utm, &l93).map_err(|e| e.to_string())?;
    let cell = args.cell_m;
    let margin = 2.0 * cell;
    let (x0, y1) = (g.ulx - margin, g.uly + margin);
    let n = ((args.size_m + 2.0 * margin) / cell).ceil() as usize;
    let seed = mix(args.seed);
    let mut rng = Rng(seed);
    let land = Landscape {
        phases: std::array::from_fn(|_| rng.f() * std::f64::consts::TAU),
    };
    let h = |a: u64, b: u64, c: u64| {
        mix(seed ^ mix(a.wrapping_mul(0x1_0000_01B3) ^ mix(b.wrapping_mul(31) ^ c)))
    };

    // Jittered lattice nodes, row-major, (n + 1)².
    let node = |i: usize, j: usize| -> (f64, f64) {
        let hx = h(i as u64, j as u64, 1);
        let jx = if i == 0 || i == n {
            0.0
        } else {
            (unit(hx) - 0.5) * 0.5 * cell
        };
        let jy = if j == 0 || j == n {
            0.0
        } else {
            (unit(mix(hx)) - 0.5) * 0.5 * cell
        };
        (x0 + i as f64 * cell + jx, y1 - j as f64 * cell + jy)
    };
    // Bent middle point of the edge between two nodes (shared by both cells).
    let mid = |a: (usize, usize), b: (usize, usize)| -> (f64, f64) {
        let (pa, pb) = (node(a.0, a.1), node(b.0, b.1));
        let m = lerp(pa, pb, 0.5);
        let key = h((a.0 * 7 + b.0) as u64, (a.1 * 7 + b.1) as u64, 2);
        let off = (unit(key) - 0.5) * 0.2 * cell;
        let (dx, dy) = (pb.0 - pa.0, pb.1 - pa.1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-9);
        (m.0 - dy / len * off, m.1 + dx / len * off)
    };

    let mut features: Vec<Feature> = Vec::with_capacity(n * n * 5 / 4);
    for j in 0..n {
        for i in 0..n {
            let (a, b, c, d) = (
                node(i, j),
                node(i + 1, j),
                node(i + 1, j + 1),
                node(i, j + 1),
            );
            let ring = vec![
                a,
                mid((i, j), (i + 1, j)),
                b,
                mid((i + 1, j), (i + 1, j + 1)),
                c,
                mid((i, j + 1), (i + 1, j + 1)),
                d,
                mid((i, j), (i, j + 1)),
            ];
            let centre = lerp(a, c, 0.5);
            let table = land.table(centre.0, centre.1);
            let hk = h(i as u64, j as u64, 3);
            // Neighbouring cells often share the landscape's main class.
            let main = pick(table, h(i as u64 / 5, j as u64 / 5, 4));
            let code = |k: u64| {
                if unit(mix(hk ^ k)) < 0.8 {
                    main
                } else {
                    pick(table, mix(hk ^ (k << 8)))
                }
            };
            let (cs, us) = code(0);
            let kind = unit(hk);
            if kind < 0.56 {
                features.push(Feature {
                    parts: vec![vec![ring]],
                    cs,
                    us,
                });
            } else if kind < 0.78 {
                // Split into 2 × 2 pieces of about 1 ha (below the MMU); the
                // two diagonal pieces sometimes form one multipolygon.
                let (t, s) = (0.3 + 0.4 * unit(mix(hk ^ 5)), 0.3 + 0.4 * unit(mix(hk ^ 6)));
                let top = lerp(a, b, t);
                let bottom = lerp(d, c, t);
                let left = lerp(a, d, s);
                let right = lerp(b, c, s);
                let centre = lerp(top, bottom, s);
                let quads = [
                    vec![a, top, centre, left],
                    vec![top, b, right, centre],
                    vec![centre, right, c, bottom],
                    vec![left, centre, bottom, d],
                ];
                if unit(mix(hk ^ 7)) < 0.15 {
                    let (cs2, us2) = code(9);
                    features.push(Feature {
                        parts: vec![vec![quads[0].clone()], vec![quads[2].clone()]],
                        cs: cs2,
                        us: us2,
                    });
                    features.push(Feature {
                        parts: vec![vec![quads[1].clone()]],
                        cs,
                        us,
                    });
                    let (cs3, us3) = code(10);
                    features.push(Feature {
                        parts: vec![vec![quads[3].clone()]],
                        cs: cs3,
                        us: us3,
                    });
                } else {
                    for (k, q) in quads.into_iter().enumerate() {
                        let (cs, us) = code(k as u64 + 11);
                        features.push(Feature {
                            parts: vec![vec![q]],
                            cs,
                            us,
                        });
                    }
                }
            } else if kind < 0.86 {
                // A sliver: a 1–4 m strip along the northern edge.
                let f = (1.0 + 3.0 * unit(mix(hk ^ 8))) / cell;
                let (sa, sb) = (lerp(a, d, f), lerp(b, c, f));
                let (cs2, us2) = code(20);
                features.push(Feature {
                    parts: vec![vec![vec![a, b, sb, sa]]],
                    cs: cs2,
                    us: us2,
                });
                features.push(Feature {
                    parts: vec![vec![vec![sa, sb, c, d]]],
                    cs,
                    us,
                });
            } else if kind < 0.94 {
                // A hole; half of them hold an island of another class.
                let r = 0.15 + 0.2 * unit(mix(hk ^ 9));
                let hole: Vec<(f64, f64)> = [
                    (0.5 - r, 0.5 - r),
                    (0.5 - r, 0.5 + r),
                    (0.5 + r, 0.5 + r),
                    (0.5 + r, 0.5 - r),
                ]
                .iter()
                .map(|&(u, v)| lerp(lerp(a, b, u), lerp(d, c, u), v))
                .collect();
                features.push(Feature {
                    parts: vec![vec![ring, hole.clone()]],
                    cs,
                    us,
                });
                if unit(mix(hk ^ 10)) < 0.5 {
                    let (cs2, us2) = code(21);
                    features.push(Feature {
                        parts: vec![vec![hole]],
                        cs: cs2,
                        us: us2,
                    });
                }
            } else if kind < 0.95 {
                // Self-intersecting ring (bow-tie).
                features.push(Feature {
                    parts: vec![vec![vec![a, c, b, d]]],
                    cs,
                    us,
                });
            } else {
                // Many tiny polygons (gardens, ponds): 3 × 3 of about 0.4 ha.
                for u in 0..3 {
                    for v in 0..3 {
                        let (u0, u1, v0, v1) = (
                            u as f64 / 3.0,
                            (u + 1) as f64 / 3.0,
                            v as f64 / 3.0,
                            (v + 1) as f64 / 3.0,
                        );
                        let q: Vec<(f64, f64)> = [(u0, v0), (u1, v0), (u1, v1), (u0, v1)]
                            .iter()
                            .map(|&(s, t)| lerp(lerp(a, b, s), lerp(d, c, s), t))
                            .collect();
                        let (cs, us) = code(30 + u * 3 + v);
                        features.push(Feature {
                            parts: vec![vec![q]],
                            cs,
                            us,
                        });
                    }
                }
            }
        }
    }

    // Roads: random walks; railways: long gentle curves.
    let area_share = (args.size_m / TILE_SIZE_M).powi(2);
    let road_count = args
        .roads
        .unwrap_or(((20_000.0 * area_share).ceil() as usize).max(20));
    let rail_count = ((300.0 * area_share).ceil() as usize).max(2);
    let span = args.size_m;
    let walk = |rng: &mut Rng, steps: usize, step: f64, turn: f64| -> Vec<(f64, f64)> {
        let mut p = (g.ulx + rng.f() * span, g.uly - rng.f() * span);
        let mut dir = rng.f() * std::f64::consts::TAU;
        let mut pts = vec![p];
        for _ in 0..steps {
            dir += (rng.f() - 0.5) * turn;
            let len = step * (0.5 + rng.f());
            p = (p.0 + len * dir.cos(), p.1 + len * dir.sin());
            pts.push(p);
        }
        pts
    };
    type Road = (Vec<(f64, f64)>, &'static str, &'static str);
    let mut roads: Vec<Road> = Vec::with_capacity(road_count);
    for _ in 0..road_count {
        let r = rng.f();
        let (importance, nature, steps, step) = if r < 0.03 {
            ("1", "Type autoroutier", 30, 150.0)
        } else if r < 0.15 {
            ("2", "Route a 2 chaussees", 20, 120.0)
        } else if r < 0.40 {
            ("3", "Route a 1 chaussee", 12, 100.0)
        } else if r < 0.75 {
            ("4", "Route a 1 chaussee", 8, 80.0)
        } else {
            ("5", "Chemin", 6, 60.0)
        };
        roads.push((walk(&mut rng, steps, step, 0.6), importance, nature));
    }
    let rails: Vec<Vec<(f64, f64)>> = (0..rail_count)
        .map(|_| walk(&mut rng, 40, 200.0, 0.15))
        .collect();

    // Reproject every coordinate to Lambert-93 in one batch.
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    for f in &features {
        for p in f.parts.iter().flatten().flatten() {
            xs.push(p.0);
            ys.push(p.1);
        }
    }
    for p in roads
        .iter()
        .flat_map(|r| r.0.iter())
        .chain(rails.iter().flatten())
    {
        xs.push(p.0);
        ys.push(p.1);
    }
    for (cx, cy) in xs.chunks_mut(1 << 20).zip(ys.chunks_mut(1 << 20)) {
        let mut z = vec![0.0; cx.len()];
        to_l93
            .transform_coords(cx, cy, &mut z)
            .map_err(|e| e.to_string())?;
    }
    let mut at = 0;
    let mut next = || {
        let p = (xs[at], ys[at]);
        at += 1;
        p
    };
    for f in &mut features {
        for p in f.parts.iter_mut().flatten().flatten() {
            *p = next();
        }
    }
    for r in &mut roads {
        for p in &mut r.0 {
            *p = next();
        }
    }
    let mut rails = rails;
    for p in rails.iter_mut().flatten() {
        *p = next();
    }

    // Write.
    if args.out.exists() {
        std::fs::remove_file(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    }
    let driver = DriverManager::get_driver_by_name("GPKG").map_err(|e| e.to_string())?;
    let mut ds = driver
        .create_vector_only(&args.out)
        .map_err(|e| format!("{}: {e}", args.out.display()))?;
    let mut wkb = Vec::new();
    {
        let mut tx = ds.start_transaction().map_err(|e| e.to_string())?;
        let layer = tx
            .create_layer(LayerOptions {
                name: "landcover",
                srs: Some(&l93),
                ty: OGRwkbGeometryType::wkbMultiPolygon,
                options: None,
            })
            .map_err(|e| e.to_string())?;
        layer
            .create_defn_fields(&[
                ("id", OGRFieldType::OFTInteger64),
                ("code_cs", OGRFieldType::OFTString),
                ("code_us", OGRFieldType::OFTString),
            ])
            .map_err(|e| e.to_string())?;
        let defn = layer.defn();
        for (id, f) in features.iter().enumerate() {
            wkb_polygons(&f.parts, &mut wkb);
            let mut feat = gdal::vector::Feature::new(defn).map_err(|e| e.to_string())?;
            feat.set_geometry(Geometry::from_wkb(&wkb).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
            feat.set_field_integer64(0, id as i64 + 1)
                .map_err(|e| e.to_string())?;
            feat.set_field_string(1, f.cs).map_err(|e| e.to_string())?;
            feat.set_field_string(2, f.us).map_err(|e| e.to_string())?;
            feat.create(&layer).map_err(|e| e.to_string())?;
        }
        let roads_layer = tx
            .create_layer(LayerOptions {
                name: "roads",
                srs: Some(&l93),
                ty: OGRwkbGeometryType::wkbLineString,
                options: None,
            })
            .map_err(|e| e.to_string())?;
        roads_layer
            .create_defn_fields(&[
                ("id", OGRFieldType::OFTInteger64),
                ("importance", OGRFieldType::OFTString),
                ("nature", OGRFieldType::OFTString),
            ])
            .map_err(|e| e.to_string())?;
        let defn = roads_layer.defn();
        for (id, (pts, importance, nature)) in roads.iter().enumerate() {
            wkb_line(pts, &mut wkb);
            let mut feat = gdal::vector::Feature::new(defn).map_err(|e| e.to_string())?;
            feat.set_geometry(Geometry::from_wkb(&wkb).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
            feat.set_field_integer64(0, id as i64 + 1)
                .map_err(|e| e.to_string())?;
            feat.set_field_string(1, importance)
                .map_err(|e| e.to_string())?;
            feat.set_field_string(2, nature)
                .map_err(|e| e.to_string())?;
            feat.create(&roads_layer).map_err(|e| e.to_string())?;
        }
        let rail_layer = tx
            .create_layer(LayerOptions {
                name: "railways",
                srs: Some(&l93),
                ty: OGRwkbGeometryType::wkbLineString,
                options: None,
            })
            .map_err(|e| e.to_string())?;
        rail_layer
            .create_defn_fields(&[("id", OGRFieldType::OFTInteger64)])
            .map_err(|e| e.to_string())?;
        let defn = rail_layer.defn();
        for (id, pts) in rails.iter().enumerate() {
            wkb_line(pts, &mut wkb);
            let mut feat = gdal::vector::Feature::new(defn).map_err(|e| e.to_string())?;
            feat.set_geometry(Geometry::from_wkb(&wkb).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
            feat.set_field_integer64(0, id as i64 + 1)
                .map_err(|e| e.to_string())?;
            feat.create(&rail_layer).map_err(|e| e.to_string())?;
        }
        tx.commit().map_err(|e| e.to_string())?;
    }
    eprintln!(
        "{}: {} land-cover features, {} roads, {} railways (EPSG:2154, over tile {tile})",
        args.out.display(),
        features.len(),
        roads.len(),
        rails.len()
    );
    Ok(())
}
