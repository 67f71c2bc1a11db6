/**
 * Pixi plumbing: a shader for `Graphics` that only ever fill flat colours (the land, the density cells).
 * Pixi's own graphics shader samples up to 16 batch textures through a chain of branches for every pixel;
 * under software WebGL (SwiftShader) that made the land fill alone cost 13–17 ms per frame at 1280x720
 * (measured with `npm run bench:render`'s workloads). This one reads the vertex colour and nothing else.
 * Use it only for Graphics without textures or gradients (it ignores them).
 */
import { GlProgram, Matrix, Shader, UniformGroup, type Graphics } from 'pixi.js';

const VERTEX = /* glsl */ `
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

const FRAGMENT = /* glsl */ `
in vec4 vColor;
out vec4 finalColor;
void main() {
  finalColor = vColor;
}
`;

let program: GlProgram | null = null;

/** A new flat-colour shader (one per Graphics: the pipe writes each Graphics' transform into its uniforms). */
export function flatShader(): Shader {
  program ??= GlProgram.from({ vertex: VERTEX, fragment: FRAGMENT, name: 'flat-graphics' });
  return new Shader({
    glProgram: program,
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
