/**
 * A mathjs instance holding only what the calculator can reach, instead of `all`.
 *
 * mathjs's main entry builds its default instance (every typed function) as soon as the module is
 * evaluated, and `all` keeps every factory in the bundle. Importing the dependency maps one by one
 * lets the bundler drop the rest (the package declares `sideEffects: false`), and engine.ts loads
 * this module with `import()` so none of it runs at start-up.
 *
 * Each map carries its function's transitive dependencies; what the list below must name itself is
 * everything looked up by name at evaluation time, which no dependency map records:
 * - every function in CALLABLE_FUNCTIONS and OPERATOR_FUNCTIONS (allowlist.ts), since FunctionNode
 *   and OperatorNode resolve `math[name]` when they run;
 * - the expression transforms of those functions (1-based dimensions for max/mean/…, short-circuit
 *   and/or), which evaluation prefers over the plain functions;
 * - every named constant (pi, speedOfLight…), since a SymbolNode resolves `math[name]` too;
 * - `Unit`, an optional dependency of SymbolNode that makes `5 cm` work, and `matrix`, which
 *   ArrayNode calls when the instance builds matrices.
 * A name missing here fails as "Undefined function" or "Undefined symbol" at evaluation, never
 * silently; test/toolkits/calculator/instance.test.ts compares the set against `all`.
 */
import {
  absDependencies, acosDependencies, acoshDependencies, acotDependencies, acscDependencies, addDependencies,
  andDependencies, argDependencies, asecDependencies, asinDependencies, asinhDependencies, atanDependencies,
  atan2Dependencies, atanhDependencies, bignumberDependencies, bitAndDependencies, bitNotDependencies,
  bitOrDependencies, bitXorDependencies, cbrtDependencies, ceilDependencies, combinationsDependencies,
  compareDependencies, conjDependencies, cosDependencies, coshDependencies, cotDependencies, crossDependencies,
  cscDependencies, cubeDependencies, detDependencies, divideDependencies, dotDependencies, dotDivideDependencies,
  dotMultiplyDependencies, dotPowDependencies, equalDependencies, expDependencies, expm1Dependencies,
  factorialDependencies, fixDependencies, floorDependencies, fractionDependencies, gammaDependencies,
  gcdDependencies, hypotDependencies, imDependencies, invDependencies, largerDependencies, largerEqDependencies,
  lcmDependencies, leftShiftDependencies, logDependencies, log10Dependencies, log1pDependencies, log2Dependencies,
  maxDependencies, meanDependencies, medianDependencies, minDependencies, modDependencies, multiplyDependencies,
  normDependencies, notDependencies, nthRootDependencies, numberDependencies, orDependencies,
  permutationsDependencies, powDependencies, prodDependencies, reDependencies, rightArithShiftDependencies,
  rightLogShiftDependencies, roundDependencies, secDependencies, signDependencies, sinDependencies,
  sinhDependencies, smallerDependencies, smallerEqDependencies, sqrtDependencies, squareDependencies,
  stdDependencies, subtractDependencies, sumDependencies, tanDependencies, tanhDependencies, toDependencies,
  traceDependencies, transposeDependencies, unaryMinusDependencies, unaryPlusDependencies, unequalDependencies,
  varianceDependencies, xorDependencies,
  // transforms used by expressions
  andTransformDependencies, bitAndTransformDependencies, bitOrTransformDependencies, maxTransformDependencies,
  meanTransformDependencies, minTransformDependencies, orTransformDependencies, stdTransformDependencies,
  sumTransformDependencies, varianceTransformDependencies,
  // mathematical constants
  eDependencies, EDependencies, falseDependencies, iDependencies, InfinityDependencies, LN10Dependencies,
  LN2Dependencies, LOG10EDependencies, LOG2EDependencies, NaNDependencies, phiDependencies, piDependencies,
  PIDependencies, SQRT1_2Dependencies, SQRT2Dependencies, tauDependencies, trueDependencies,
  // physical constants
  atomicMassDependencies, avogadroDependencies, bohrMagnetonDependencies, bohrRadiusDependencies,
  boltzmannDependencies, classicalElectronRadiusDependencies, conductanceQuantumDependencies, coulombDependencies,
  coulombConstantDependencies, deuteronMassDependencies, efimovFactorDependencies, electricConstantDependencies,
  electronMassDependencies, elementaryChargeDependencies, faradayDependencies, fermiCouplingDependencies,
  fineStructureDependencies, firstRadiationDependencies, gasConstantDependencies, gravitationConstantDependencies,
  gravityDependencies, hartreeEnergyDependencies, inverseConductanceQuantumDependencies, klitzingDependencies,
  loschmidtDependencies, magneticConstantDependencies, magneticFluxQuantumDependencies, molarMassDependencies,
  molarMassC12Dependencies, molarPlanckConstantDependencies, molarVolumeDependencies, neutronMassDependencies,
  nuclearMagnetonDependencies, planckChargeDependencies, planckConstantDependencies, planckLengthDependencies,
  planckMassDependencies, planckTemperatureDependencies, planckTimeDependencies, protonMassDependencies,
  quantumOfCirculationDependencies, reducedPlanckConstantDependencies, rydbergDependencies,
  sackurTetrodeDependencies, secondRadiationDependencies, speedOfLightDependencies, stefanBoltzmannDependencies,
  thomsonCrossSectionDependencies, vacuumImpedanceDependencies, weakMixingAngleDependencies,
  wienDisplacementDependencies,
  // the parser, formatting, units and matrices
  formatDependencies, matrixDependencies, parseDependencies, UnitDependencies,
  create,
  type ConfigOptions,
  type FactoryFunctionMap,
  type MathJsInstance,
} from "mathjs";

// mathjs 15 exports these maps (lib/esm/entry/dependenciesAny.generated.js) but its typings leave them out.
declare module "mathjs" {
  export const bitAndTransformDependencies: FactoryFunctionMap;
  export const bitOrTransformDependencies: FactoryFunctionMap;
  export const coulombConstantDependencies: FactoryFunctionMap;
  export const EDependencies: FactoryFunctionMap;
  export const falseDependencies: FactoryFunctionMap;
  export const NaNDependencies: FactoryFunctionMap;
  export const PIDependencies: FactoryFunctionMap;
  export const trueDependencies: FactoryFunctionMap;
}

const CALCULATOR_FACTORIES: FactoryFunctionMap = {
  ...absDependencies, ...acosDependencies, ...acoshDependencies, ...acotDependencies, ...acscDependencies,
  ...addDependencies, ...andDependencies, ...argDependencies, ...asecDependencies, ...asinDependencies,
  ...asinhDependencies, ...atanDependencies, ...atan2Dependencies, ...atanhDependencies, ...bignumberDependencies,
  ...bitAndDependencies, ...bitNotDependencies, ...bitOrDependencies, ...bitXorDependencies, ...cbrtDependencies,
  ...ceilDependencies, ...combinationsDependencies, ...compareDependencies, ...conjDependencies, ...cosDependencies,
  ...coshDependencies, ...cotDependencies, ...crossDependencies, ...cscDependencies, ...cubeDependencies,
  ...detDependencies, ...divideDependencies, ...dotDependencies, ...dotDivideDependencies,
  ...dotMultiplyDependencies, ...dotPowDependencies, ...equalDependencies, ...expDependencies,
  ...expm1Dependencies, ...factorialDependencies, ...fixDependencies, ...floorDependencies,
  ...fractionDependencies, ...gammaDependencies, ...gcdDependencies, ...hypotDependencies, ...imDependencies,
  ...invDependencies, ...largerDependencies, ...largerEqDependencies, ...lcmDependencies,
  ...leftShiftDependencies, ...logDependencies, ...log10Dependencies, ...log1pDependencies, ...log2Dependencies,
  ...maxDependencies, ...meanDependencies, ...medianDependencies, ...minDependencies, ...modDependencies,
  ...multiplyDependencies, ...normDependencies, ...notDependencies, ...nthRootDependencies,
  ...numberDependencies, ...orDependencies, ...permutationsDependencies, ...powDependencies, ...prodDependencies,
  ...reDependencies, ...rightArithShiftDependencies, ...rightLogShiftDependencies, ...roundDependencies,
  ...secDependencies, ...signDependencies, ...sinDependencies, ...sinhDependencies, ...smallerDependencies,
  ...smallerEqDependencies, ...sqrtDependencies, ...squareDependencies, ...stdDependencies,
  ...subtractDependencies, ...sumDependencies, ...tanDependencies, ...tanhDependencies, ...toDependencies,
  ...traceDependencies, ...transposeDependencies, ...unaryMinusDependencies, ...unaryPlusDependencies,
  ...unequalDependencies, ...varianceDependencies, ...xorDependencies,

  ...andTransformDependencies, ...bitAndTransformDependencies, ...bitOrTransformDependencies,
  ...maxTransformDependencies, ...meanTransformDependencies, ...minTransformDependencies,
  ...orTransformDependencies, ...stdTransformDependencies, ...sumTransformDependencies,
  ...varianceTransformDependencies,

  ...eDependencies, ...EDependencies, ...falseDependencies, ...iDependencies, ...InfinityDependencies,
  ...LN10Dependencies, ...LN2Dependencies, ...LOG10EDependencies, ...LOG2EDependencies, ...NaNDependencies,
  ...phiDependencies, ...piDependencies, ...PIDependencies, ...SQRT1_2Dependencies, ...SQRT2Dependencies,
  ...tauDependencies, ...trueDependencies,

  ...atomicMassDependencies, ...avogadroDependencies, ...bohrMagnetonDependencies, ...bohrRadiusDependencies,
  ...boltzmannDependencies, ...classicalElectronRadiusDependencies, ...conductanceQuantumDependencies,
  ...coulombDependencies, ...coulombConstantDependencies, ...deuteronMassDependencies,
  ...efimovFactorDependencies, ...electricConstantDependencies, ...electronMassDependencies,
  ...elementaryChargeDependencies, ...faradayDependencies, ...fermiCouplingDependencies,
  ...fineStructureDependencies, ...firstRadiationDependencies, ...gasConstantDependencies,
  ...gravitationConstantDependencies, ...gravityDependencies, ...hartreeEnergyDependencies,
  ...inverseConductanceQuantumDependencies, ...klitzingDependencies, ...loschmidtDependencies,
  ...magneticConstantDependencies, ...magneticFluxQuantumDependencies, ...molarMassDependencies,
  ...molarMassC12Dependencies, ...molarPlanckConstantDependencies, ...molarVolumeDependencies,
  ...neutronMassDependencies, ...nuclearMagnetonDependencies, ...planckChargeDependencies,
  ...planckConstantDependencies, ...planckLengthDependencies, ...planckMassDependencies,
  ...planckTemperatureDependencies, ...planckTimeDependencies, ...protonMassDependencies,
  ...quantumOfCirculationDependencies, ...reducedPlanckConstantDependencies, ...rydbergDependencies,
  ...sackurTetrodeDependencies, ...secondRadiationDependencies, ...speedOfLightDependencies,
  ...stefanBoltzmannDependencies, ...thomsonCrossSectionDependencies, ...vacuumImpedanceDependencies,
  ...weakMixingAngleDependencies, ...wienDisplacementDependencies,

  ...formatDependencies, ...matrixDependencies, ...parseDependencies, ...UnitDependencies,
};

/** A fresh instance with the calculator's factories and the given number type; not yet locked down (engine.ts). */
export function createCalculatorMath(config: ConfigOptions): MathJsInstance {
  return create(CALCULATOR_FACTORIES, config);
}
