import { describe, expect, it } from '@jest/globals';
import { DEFAULT_DISTRICT_SETTINGS } from '../config/district-settings.js';
import { escapeHtml, fillHtml, fillText, placeholderProblems } from './district-text.js';

const district = { ...DEFAULT_DISTRICT_SETTINGS, state_hotline: '1-800-555-0100 <24 hours> & "free"' };

describe('placeholderProblems', () => {
  it('accepts every known key written exactly', () => {
    expect(placeholderProblems('Call {{district.state_hotline}}.\nThen {{district.reporting_procedure}}, {{district.eap}}')).toEqual([]);
  });

  it('names an unknown key with its line and the known ones', () => {
    const [problem] = placeholderProblems('first line\nsee {{district.nope}} here');
    expect(problem.line).toBe(2);
    expect(problem.message).toMatch(/^unknown placeholder "\{\{district\.nope\}\}" \(known: \{\{district\.reporting_procedure\}\}, /);
  });

  it.each([
    ['spaces', 'call {{ district.state_hotline }}', '{{ district.state_hotline }}'],
    ['no closing braces', 'call {{district.state_hotline now', '{{district.state_hotline now'],
    ['another namespace', 'hello {{school.name}}', '{{school.name}}'],
    ['capitals', 'call {{district.State_Hotline}}', '{{district.State_Hotline}}'],
  ])('reports a malformed placeholder (%s)', (_name, text, shown) => {
    expect(placeholderProblems(text)).toEqual([{ line: 1, message: expect.stringContaining(`malformed placeholder "${shown}"`) as unknown as string }]);
  });
});

describe('filling placeholders', () => {
  it('escapes a value for HTML', () => {
    expect(fillHtml('<p>Call {{district.state_hotline}}.</p>', district)).toBe('<p>Call 1-800-555-0100 &lt;24 hours&gt; &amp; &quot;free&quot;.</p>');
  });

  it('leaves plain text to the templates, which escape it', () => {
    expect(fillText('Call {{district.state_hotline}}.', district)).toBe('Call 1-800-555-0100 <24 hours> & "free".');
  });

  it('fills every occurrence, and the crisis line by default', () => {
    expect(fillText('{{district.crisis_line}} / {{district.crisis_line}}', DEFAULT_DISTRICT_SETTINGS)).toBe(
      '988, the Suicide & Crisis Lifeline (call or text 988) / 988, the Suicide & Crisis Lifeline (call or text 988)',
    );
  });

  it('escapes quotes too, so a value is safe inside an attribute', () => {
    expect(escapeHtml(`a'b"c`)).toBe('a&#39;b&quot;c');
  });
});
