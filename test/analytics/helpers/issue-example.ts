// The rules YAML from the issue, verbatim: it must keep working as written.
export const ISSUE_EXAMPLE = `zones:
  - id: nopark
    polygon: [[0.05, 0.6], [0.45, 0.6], [0.45, 0.95], [0.05, 0.95]]
lines:
  - id: L1
    points: [[0.5, 0.0], [0.5, 1.0]]   # crossings counted per direction: forward = from the
                                       # left of p0->p1 to its right, backward = the reverse
rules:
  - { id: flow, type: line_crossing, line: L1, labels: [car, truck, bus, motorcycle] }
  - { id: park, type: illegal_parking, zone: nopark, labels: [car, truck], seconds: 60 }
`;
