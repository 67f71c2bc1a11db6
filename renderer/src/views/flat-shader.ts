/**
 * Pixi plumbing: a shader for `Graphics` that only ever fill flat colours (the land, the density cells).
 * Pixi's own graphics shader samples up to 16 batch textures through a chain of branches for every pixel;
 * under software WebGL (SwiftShader) that made the land fill alone cost 13–17 ms per frame at 1280x720
 * (measured with `npm run bench:render`'s workloads). This one reads the vertex colour and nothing else.
 * Use it only for Graphics without textures or gradients (it ignores them).
 */
import {
  Buffer,
  BufferUsage,
  Geometry,
  GlProgram,
  Matrix,
  Mesh,
  Shader,
  UniformGroup,
  type Graphics,
} from 'pixi.js';

const VERTEX = /* glsl */ `#version 300 es
in vec2 aPosition;
in vec4 aColor;
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;
uniform vec4 uColor;
out vec4 vColor;
void main() {
  mat3 m = uProjectionMatrix * uWorldTransformMatrix * uTransformMatrix;
  gl_Position = vec4((m * vec3(aPosition, 1.0)).xy, 0.0, 1.0);
  vColor = vec4(aColor.rgb * aColor.a, aColor.a) * uColor;
}
`;

const FRAGMENT = /* glsl */ `#version 300 es
in vec4 vColor;
out vec4 finalColor;
void main() {
  finalColor = vColor;
}
`;

let program: GlProgram | null = null;
const flatProgram = (): GlProgram =>
  (program ??= GlProgram.from({ vertex: VERTEX, fragment: FRAGMENT, name: 'flat-graphics' }));

/** A new flat-colour shader (one per Graphics: the pipe writes each Graphics' transform into its uniforms). */
export function flatShader(): Shader {
  return new Shader({
    glProgram: flatProgram(),
    resources: {
      localUniforms: new UniformGroup({
        uTransformMatrix: { value: new Matrix(), type: 'mat3x3<f32>' },
        uColor: { value: new Float32Array([1, 1, 1, 1]), type: 'vec4<f32>' },
        uRound: { value: 0, type: 'f32' },
      }),
    },
  });
}

/** Draws `g` with {@link flatShader}; returns it. */
export function withFlatShader<T extends Graphics>(g: T): T {
  g.context.customShader = flatShader();
  return g;
}

/**
 * One-pixel lines (WebGL `LINES`, one primitive per segment) in one colour: `segments` holds x0, y0, x1, y1
 * per segment in the mesh's local units. A stroked Graphics spends two or more triangles per segment plus
 * its joins; hairlines need none of that. The width is always one device pixel (WebGL's only portable line
 * width): fade a sub-pixel line with the mesh's `alpha` instead.
 */
export function hairlines(segments: Float32Array, colour: number): Mesh<Geometry, Shader> {
  const n = segments.length >> 1;
  const colours = new Uint32Array(n);
  // Vertex colour words are 0xAABBGGRR.
  colours.fill((0xff000000 | ((colour & 0xff) << 16) | (colour & 0xff00) | ((colour >> 16) & 0xff)) >>> 0);
  const geometry = new Geometry({
    topology: 'line-list',
    attributes: {
      aPosition: {
        buffer: new Buffer({ data: segments, usage: BufferUsage.VERTEX | BufferUsage.STATIC }),
        format: 'float32x2',
      },
      aColor: {
        buffer: new Buffer({ data: colours, usage: BufferUsage.VERTEX | BufferUsage.STATIC }),
        format: 'unorm8x4',
      },
    },
  });
  // The mesh pipe binds the transform and tint uniforms itself.
  return new Mesh({ geometry, shader: new Shader({ glProgram: flatProgram(), resources: {} }) });
}
