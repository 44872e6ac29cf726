import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { render, splitFormat } from './open311-format';

describe('GeoReport v2 rendering', () => {
  it('renders a list as <services><service>… in XML and as a JSON array', () => {
    const payload = [
      { service_code: '001', service_name: 'Cans & bins <24x7>', metadata: true, keywords: null },
      { service_code: '002', service_name: '路灯', metadata: false, keywords: 'a,b' },
    ];
    const xml = render('xml', 'services', payload);
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<services>')).toBe(true);
    const parsed = new XMLParser({ parseTagValue: false }).parse(xml);
    expect(parsed.services.service).toHaveLength(2);
    expect(parsed.services.service[0].service_name).toBe('Cans & bins <24x7>');
    expect(parsed.services.service[1].service_name).toBe('路灯');
    expect(JSON.parse(render('json', 'services', payload))).toEqual(payload);
  });

  it('nests lists inside objects by the spec item names', () => {
    const xml = render('xml', 'service_definition', {
      service_code: 'DMV66',
      attributes: [
        {
          code: 'A',
          values: [
            { key: 1, name: 'x' },
            { key: 2, name: 'y' },
          ],
        },
      ],
    });
    const p = new XMLParser({ parseTagValue: false, isArray: (n) => ['attribute', 'value'].includes(n) }).parse(xml);
    expect(p.service_definition.attributes.attribute[0].values.value.map((v: { key: string }) => v.key)).toEqual([
      '1',
      '2',
    ]);
  });

  it('reads the format from the resource name', () => {
    expect(splitFormat('repair.door_lock.json')).toEqual({ name: 'repair.door_lock', format: 'json' });
    expect(splitFormat('123.xml')).toEqual({ name: '123', format: 'xml' });
    expect(splitFormat('123.html')).toBeNull();
    expect(splitFormat('.json')).toBeNull();
  });
});
