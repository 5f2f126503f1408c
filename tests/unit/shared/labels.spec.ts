import { describe, expect, it } from 'vitest';
import { parseLabels } from '../../../shared/labels';
import { LABEL_NAMES, type LabelCode } from '../../../shared/model';

describe('parseLabels', () => {
  it.each([
    ['SIAE', ['insertion']],
    ['EI, ACI ; AI / ETTI et GEIQ', ['insertion']],
    ['ESAT ou EA', ['handicap']],
    ['secteur adapté/protégé', ['handicap']],
    ['Économie sociale et solidaire', ['ess']],
    ['ESUS, SCOP, SCIC', ['esus', 'scop', 'scic']],
    ['AB et agriculture biologique', ['bio']],
    ['commerce équitable; équitable', ['commerce-equitable']],
    ['circuit court, producteur local', ['local']],
    ['réemploi, reconditionné, occasion', ['reemploi']],
    ['insertion et bio', ['insertion', 'bio']],
    ['', []],
  ] as [string, LabelCode[]][])('%s', (text, labels) => {
    expect(parseLabels(text)).toEqual({ labels, unknown: [] });
  });

  it('reads back every French label name the template shows', () => {
    for (const [code, name] of Object.entries(LABEL_NAMES)) {
      expect(parseLabels(name)).toEqual({ labels: [code], unknown: [] });
    }
  });

  it('quotes unknown labels as typed', () => {
    expect(parseLabels('bio, Fairtrade ; Label Vert et ESUS')).toEqual({
      labels: ['bio', 'esus'],
      unknown: ['Fairtrade', 'Vert'],
    });
  });
});
