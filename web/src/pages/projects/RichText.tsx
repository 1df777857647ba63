import { BoldOutlined, FontSizeOutlined, ItalicOutlined, OrderedListOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { type Editor, EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Button, Form, Space, Tooltip, theme } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import './rich-text.css';

/**
 * The elements the server's sanitizer keeps (src/platform/rich-text.ts), so a stored description
 * reads and edits without loss; the toolbar offers the common ones.
 */
const EXTENSIONS = [
  StarterKit.configure({
    heading: { levels: [2, 3, 4] },
    code: false,
    codeBlock: false,
    horizontalRule: false,
    // An empty paragraph after a closing list would be stored and shown as a blank line.
    trailingNode: false,
    link: { openOnClick: false, protocols: ['mailto'], HTMLAttributes: { rel: 'noopener noreferrer', target: '_blank' } },
  }),
];

const BODY_STYLE = 'min-height: 160px; padding: 8px 11px; outline: none; line-height: 1.6;';

function ToolButton({ active, label, icon, onClick }: { active: boolean; label: string; icon: ReactNode; onClick: () => void }) {
  return (
    <Tooltip title={label}>
      <Button
        size="small"
        type={active ? 'primary' : 'text'}
        icon={icon}
        aria-label={label}
        aria-pressed={active}
        // Keep the editor's selection: a click on the toolbar must not take the focus away first.
        onMouseDown={(e) => e.preventDefault()}
        onClick={onClick}
      />
    </Tooltip>
  );
}

function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      heading: e.isActive('heading', { level: 3 }),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
    }),
  });
  const chain = () => editor.chain().focus();
  return (
    <Space size={2} style={{ padding: 4 }} data-testid="editor-toolbar">
      <ToolButton
        active={state.bold}
        label={t('projects.editor.bold')}
        icon={<BoldOutlined />}
        onClick={() => chain().toggleBold().run()}
      />
      <ToolButton
        active={state.italic}
        label={t('projects.editor.italic')}
        icon={<ItalicOutlined />}
        onClick={() => chain().toggleItalic().run()}
      />
      <ToolButton
        active={state.heading}
        label={t('projects.editor.heading')}
        icon={<FontSizeOutlined />}
        onClick={() => chain().toggleHeading({ level: 3 }).run()}
      />
      <ToolButton
        active={state.bulletList}
        label={t('projects.editor.bulletList')}
        icon={<UnorderedListOutlined />}
        onClick={() => chain().toggleBulletList().run()}
      />
      <ToolButton
        active={state.orderedList}
        label={t('projects.editor.orderedList')}
        icon={<OrderedListOutlined />}
        onClick={() => chain().toggleOrderedList().run()}
      />
    </Space>
  );
}

/**
 * A rich-text field for an antd Form (value/onChange as HTML). An empty document is '' so that a
 * required rule sees it as empty.
 */
export function RichTextEditor({
  value,
  onChange,
  id,
  label,
}: {
  value?: string;
  onChange?: (html: string) => void;
  id?: string;
  label: string;
}) {
  const { token } = theme.useToken();
  const invalid = Form.Item.useStatus().status === 'error';
  const editor = useEditor({
    extensions: EXTENSIONS,
    content: value ?? '',
    editorProps: { attributes: { id: id ?? '', role: 'textbox', 'aria-multiline': 'true', 'aria-label': label, style: BODY_STYLE } },
    onUpdate: ({ editor: e }) => onChange?.(e.isEmpty ? '' : e.getHTML()),
  });
  // A value set from outside (the form reset, a project loaded) replaces the content; the
  // editor's own edits come back equal and leave the cursor alone.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const current = editor.isEmpty ? '' : editor.getHTML();
    if ((value ?? '') !== current) editor.commands.setContent(value ?? '', { emitUpdate: false });
  }, [editor, value]);

  return (
    <div
      className="vn-rich-text"
      style={{
        border: `1px solid ${invalid ? token.colorError : token.colorBorder}`,
        borderRadius: token.borderRadius,
        background: token.colorBgContainer,
      }}
      data-testid="rich-text-editor"
    >
      {editor && (
        <div style={{ borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
          <Toolbar editor={editor} />
        </div>
      )}
      <EditorContent editor={editor} />
    </div>
  );
}

/**
 * Shows stored rich text read-only. It goes through the editor's own schema, so only the
 * elements the editor can make are shown, whatever the stored HTML holds.
 */
export function RichText({ html }: { html: string }) {
  const editor = useEditor({ extensions: EXTENSIONS, content: html, editable: false }, [html]);
  return <EditorContent editor={editor} className="vn-rich-text" data-testid="project-description" />;
}
