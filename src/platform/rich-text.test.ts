import { describe, expect, it } from 'vitest';
import { sanitizeRichText } from './rich-text.ts';

describe('rich text', () => {
  it('keeps the formatting the editor makes', () => {
    const html = '<h3>服务内容</h3><p>每周<strong>六</strong>上午，<em>陪伴</em>老人</p><ul><li>读报</li><li>量血压</li></ul>';
    expect(sanitizeRichText(html)).toBe(html);
  });

  it('removes scripts, handlers, styles and dangerous links, keeping the text', () => {
    const out = sanitizeRichText(
      '<p onclick="x()" style="color:red">你好<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">链接</a></p>',
    );
    expect(out).toBe('<p>你好<a rel="noopener noreferrer" target="_blank">链接</a></p>');
    expect(sanitizeRichText('<a href="https://example.org">站点</a>')).toBe(
      '<a href="https://example.org" rel="noopener noreferrer" target="_blank">站点</a>',
    );
  });
});
