// The part of jstat 1.9.6 (no bundled types) that the fairness statistics use.
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
    pdf(x: number, ...params: number[]): number;
  }
  interface JStat {
    gammaln(x: number): number;
    lowRegGamma(a: number, x: number): number;
    chisquare: Distribution;
    normal: Distribution;
    studentt: Distribution;
    binomial: Distribution;
    hypgeom: Distribution;
  }
  const jStat: JStat;
  export default jStat;
}
