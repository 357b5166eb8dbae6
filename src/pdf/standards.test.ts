import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { addXmpProperties, PDFUA_PART } from './standards.ts';

const XMP = '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>2</pdfaid:part></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="r"?>';

describe('XMP additions', () => {
  it('adds pdfuaid:part with its extension schema and escapes values; the packet stays well-formed', () => {
    const out = addXmpProperties(XMP, [
      PDFUA_PART,
      { prefix: 'amtsklar', namespace: 'http://ns.amtsklar.org/xmp/provenance/1.0/', schemaName: 'Amtsklar provenance', name: 'reviewedBy', valueType: 'Text', description: 'Reviewer', value: 'Müller & <Söhne>' },
    ]);
    expect(XMLValidator.validate(out.replace(/<\?xpacket[^?]*\?>/g, ''))).toBe(true);
    expect(out).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(out).toContain('xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"');
    expect(out).toContain('<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>');
    expect(out).toContain('<amtsklar:reviewedBy>Müller &amp; &lt;Söhne&gt;</amtsklar:reviewedBy>');
    expect(out).toContain('<pdfaid:part>2</pdfaid:part>');
  });
});
