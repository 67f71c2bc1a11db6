/**
 * Pixi plumbing that knows nothing about Skype: many small glyphs at fixed positions, drawn as one WebGL
 * `POINTS` call whose fragment shader draws the shape (disc, ring, square, hollow square) with a one-pixel
 * antialiased edge. It replaces a `ParticleContainer` of textured quads, for three measured reasons (headless
 * Chromium, SwiftShader, `npm run bench:render`):
 *
 * - A quad is four vertices and two triangles; a point is one vertex and one primitive. Under the software
 *   rasteriser the per-primitive cost, not the few pixels each glyph covers, dominated: 48k quads cost about
 *   40 ms of GPU time per frame.
 * - `ParticleContainer` rewrites and re-uploads every dynamic property of every particle on every render, so
 *   JS per render grew with the glyph count even when one glyph changed. Here a glyph's look is 8 bytes in an
 *   interleaved buffer written only when it changes, and only the changed byte range is uploaded.
 * - Positions never change: they are uploaded once.
 *
 * Vertex work is not free either (about half a microsecond per point under SwiftShader, visible or clipped),
 * so only the glyphs in a draw list are submitted: the owner lists the shown glyphs near the view
 * ({@link PointGlyphs.setDrawList}) when the view or the set of shown glyphs changes. The vertex shader also
 * pushes a glyph with scale 0 outside clip space, so a glyph hidden between two list updates never draws.
 */
import { Buffer, BufferUsage, Geometry, GlProgram, Mesh, Shader, UniformGroup } from 'pixi.js';
import { MAX_SCALE } from './point-meta';

export { POINT_SHAPES, packMeta, type PointShape } from './point-meta';

/** Ring width as a share of the radius (the hollow shapes), never thinner than {@link MIN_RING_PX}. */
const RING = 0.3;
/** Below about a pixel a ring's hole is lost to antialiasing anyway; keep the stroke readable. */
const MIN_RING_PX = 0.75;
/** A square's half side as a share of the radius: its area roughly matches the disc's. */
const SQUARE = 0.8;

const VERTEX = /* glsl */ `#version 300 es
in vec2 aPosition;
in vec4 aColor;
in vec4 aMeta;
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;
uniform vec4 uColor;
uniform float uRadius;
flat out vec4 vColor;
// x: half the point size, y: outer edge, z: inner edge (negative when solid), w: 1 for squares; in pixels.
flat out vec4 vGeo;
void main() {
  float scale = aMeta.y * ${MAX_SCALE.toFixed(1)};
  if (scale <= 0.0 || aColor.a <= 0.0) {
    // Hidden: outside clip space, so the point is dropped before rasterisation.
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = 1.0;
    return;
  }
  // Three matrix-vector products, not a matrix product per vertex: vertex work is what costs here.
  vec3 q = uProjectionMatrix * (uWorldTransformMatrix * (uTransformMatrix * vec3(aPosition, 1.0)));
  gl_Position = vec4(q.xy, 0.0, 1.0);
  float shape = floor(aMeta.x * 255.0 + 0.5);
  float square = step(1.5, shape);
  float hollow = shape == 1.0 || shape == 3.0 ? 1.0 : 0.0;
  float r = uRadius * scale;
  float outer = r * mix(1.0, ${SQUARE.toFixed(2)}, square);
  float inner = hollow > 0.5 ? outer - max(r * ${RING.toFixed(2)}, ${MIN_RING_PX.toFixed(2)}) : -1.0;
  // Half a pixel of margin each side for the antialiased edge, and not a fragment more.
  float half_ = outer + 0.5;
  gl_PointSize = 2.0 * half_;
  vGeo = vec4(half_, outer, inner, square);
  vColor = vec4(aColor.rgb * aColor.a, aColor.a) * uColor.a;
}
`;

// Branch-free: under a software rasteriser every fragment of every glyph runs this.
const FRAGMENT = /* glsl */ `#version 300 es
flat in vec4 vColor;
flat in vec4 vGeo;
out vec4 finalColor;
void main() {
  vec2 p = abs(gl_PointCoord - 0.5) * (2.0 * vGeo.x);
  float d = mix(length(p), max(p.x, p.y), vGeo.w);
  finalColor = vColor * (clamp(vGeo.y - d + 0.5, 0.0, 1.0) * clamp(d - vGeo.z + 0.5, 0.0, 1.0));
}
`;

/** Glyphs at fixed positions with a colour, shape and scale each. Add {@link PointGlyphs.mesh} to the stage. */
export class PointGlyphs {
  /** The display object (one draw call). */
  readonly mesh: Mesh<Geometry, Shader>;
  /** Colour words 0xAABBGGRR (even indices) and meta words from {@link packMeta} (odd), interleaved. */
  private readonly looks: Uint32Array;
  private readonly lookBuffer: Buffer;
  private readonly list: Uint32Array;
  private readonly listBuffer: Buffer;
  private readonly uniforms: UniformGroup<{ uRadius: { value: number; type: 'f32' } }>;
  /** Glyph indices written since the last {@link flush}: [lo, hi). */
  private lo = Infinity;
  private hi = -1;

  /** @param positions x, y per glyph (the mesh's local units); copied once, never updated. */
  constructor(positions: Float32Array) {
    const count = positions.length >> 1;
    this.looks = new Uint32Array(count * 2);
    this.lookBuffer = new Buffer({
      data: this.looks,
      label: 'point-glyph-looks',
      usage: BufferUsage.VERTEX | BufferUsage.COPY_DST,
    });
    const positionBuffer = new Buffer({
      data: new Float32Array(positions),
      label: 'point-glyph-positions',
      usage: BufferUsage.VERTEX | BufferUsage.STATIC,
    });
    this.list = new Uint32Array(Math.max(1, count));
    this.listBuffer = new Buffer({
      data: this.list,
      label: 'point-glyph-list',
      usage: BufferUsage.INDEX | BufferUsage.COPY_DST,
    });
    const geometry = new Geometry({
      topology: 'point-list',
      indexBuffer: this.listBuffer,
      attributes: {
        aPosition: { buffer: positionBuffer, format: 'float32x2', stride: 8, offset: 0 },
        aColor: { buffer: this.lookBuffer, format: 'unorm8x4', stride: 8, offset: 0 },
        aMeta: { buffer: this.lookBuffer, format: 'unorm8x4', stride: 8, offset: 4 },
      },
    });
    this.uniforms = new UniformGroup({ uRadius: { value: 1, type: 'f32' } });
    const shader = new Shader({
      glProgram: GlProgram.from({ vertex: VERTEX, fragment: FRAGMENT, name: 'point-glyphs' }),
      resources: { glyphUniforms: this.uniforms },
    });
    this.mesh = new Mesh({ geometry, shader });
    this.setDrawList(null);
  }

  /**
   * Which glyphs to submit: the first `n` entries of `indices` (ascending is kind to the vertex cache), or
   * every glyph when `indices` is null. Uploads the list (4 bytes per glyph): call it when the view moved or
   * the set of shown glyphs changed, not per frame.
   */
  setDrawList(indices: Uint32Array | null, n = indices?.length ?? this.count): void {
    if (indices === null) for (let i = 0; i < n; i++) this.list[i] = i;
    else this.list.set(indices.subarray(0, n));
    this.mesh.geometry.indexCount = n;
    // indexCount 0 would mean "the whole buffer" to Pixi: hide the mesh instead.
    this.mesh.renderable = n > 0;
    if (n > 0) this.listBuffer.update(n * 4, 0);
  }

  /** Number of glyph slots. */
  get count(): number {
    return this.looks.length >> 1;
  }

  /** Base glyph radius in device pixels (a glyph's own scale multiplies it). */
  setRadius(px: number): void {
    if (this.uniforms.uniforms.uRadius === px) return;
    this.uniforms.uniforms.uRadius = px;
    this.uniforms.update();
  }

  /** Sets glyph `i`'s look; `colour` is 0xAABBGGRR, `meta` from {@link packMeta} (0 hides it). */
  set(i: number, colour: number, meta: number): void {
    const k = i << 1;
    const a = this.looks;
    if (a[k] === colour && a[k + 1] === meta) return;
    a[k] = colour;
    a[k + 1] = meta;
    if (i < this.lo) this.lo = i;
    if (i > this.hi) this.hi = i;
  }

  /** Marks every glyph for upload (as if each had changed). */
  touchAll(): void {
    this.lo = 0;
    this.hi = this.count - 1;
  }

  /** Uploads the byte range written since the last call (nothing when nothing changed). */
  flush(): boolean {
    if (this.hi < 0) return false;
    this.lookBuffer.update((this.hi - this.lo + 1) * 8, this.lo * 8);
    this.lo = Infinity;
    this.hi = -1;
    return true;
  }

  destroy(): void {
    const { geometry, shader } = this.mesh;
    this.mesh.destroy();
    geometry.destroy(true);
    shader?.destroy(true);
  }
}
