import { describe, expect, it } from 'vitest';
import type { TimelineItem } from './bindings';
import { addDays, daysBetween, isoWeek, lanes, monthTicks, weekTicks } from './timescale';

function item(id: string, startsOn: string, endsOn: string | null, trackId: string | null): TimelineItem {
  return {
    id, source: 'milestone', kind: 'other', title: id, startsOn, endsOn, trackId, municipalityId: null, regionMunicipality: null,
    workingGroup: null, requestId: null, status: 'planned', movedFrom: null, actor: '', overdue: false,
    atRisk: false, sequence: 0,
  };
}

describe('timescale', () => {
  it('counts days across months, years and the DST change', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-03-09', -7)).toBe('2027-03-02');
  });

  it('labels months in Dutch from the first whole month', () => {
    expect(monthTicks('2026-11-15', '2027-02-01').map((t) => t.label)).toEqual(['dec 2026', 'jan 2027', 'feb 2027']);
    expect(monthTicks('2026-11-01', '2026-11-30')[0]).toEqual({ day: 0, label: 'nov 2026' });
    expect(monthTicks('2025-06-01', '2027-02-01', true).map((t) => t.label)).toEqual(['2026', '2027']);
  });

  it('numbers weeks as ISO 8601 does', () => {
    expect(isoWeek('2026-11-23')).toBe(48);
    expect(isoWeek('2027-01-01')).toBe(53);
    expect(isoWeek('2027-01-04')).toBe(1);
    expect(weekTicks('2026-11-18', '2026-12-01').map((t) => t.label)).toEqual(['wk 48', 'wk 49']);
  });

  it('puts overlapping items of a lane in separate rows', () => {
    const ls = lanes(
      [item('a', '2027-03-01', '2027-03-10', 't'), item('b', '2027-03-05', null, 't'), item('c', '2027-03-20', null, 't')],
      'track',
      [{ id: 't', name: 'Inkoop', scope: 'regional', description: '', municipalityIds: [] }],
      [],
      4,
      '2027-02-01',
    );
    expect(ls).toHaveLength(1);
    expect(ls[0]!.rows).toBe(2);
    expect(ls[0]!.items.map((p) => [p.item.id, p.row, p.start, p.end])).toEqual([
      ['a', 0, 28, 38],
      ['b', 1, 32, 36],
      ['c', 0, 47, 51],
    ]);
  });

  it('gives every council of the region a lane of its municipality, shared with that municipality', () => {
    const regional = (id: string, municipality: string): TimelineItem => ({
      ...item(id, '2027-03-10', null, null),
      source: 'region',
      regionMunicipality: municipality,
    });
    const delft = { id: 'm-delft', name: 'Delft' };
    const own = { ...item('own', '2027-03-01', null, null), municipalityId: 'm-delft' };
    const ls = lanes([regional('r1', 'Rijswijk'), regional('d1', 'delft'), own], 'municipality', [], [delft], 4, '2027-02-01');
    expect(ls.map((l) => [l.key, l.label, l.items.map((p) => p.item.id)])).toEqual([
      ['m-delft', 'Delft', ['own', 'd1']],
      ['regio:Rijswijk', 'Rijswijk', ['r1']],
    ]);
    const byTrack = lanes([regional('r1', 'Rijswijk')], 'track', [], [], 4, '2027-02-01');
    expect(byTrack.map((l) => l.label)).toEqual(['Regionale teksten: de raden']);
  });
});
