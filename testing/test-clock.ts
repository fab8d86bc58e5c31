/** A clock tests and the benchmark control: set or advance it, and inject `now` wherever a clock is taken. */
export class TestClock {
  constructor(public current = new Date('2024-03-01T02:00:00Z')) {}
  now = () => new Date(this.current);
  set(iso: string) {
    this.current = new Date(iso);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}
