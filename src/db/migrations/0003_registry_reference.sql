-- Status history of organizations is never rewritten: suspension and revocation are recorded.
CREATE TRIGGER organization_events_no_update_delete
  BEFORE UPDATE OR DELETE ON organization_events
  FOR EACH ROW EXECUTE FUNCTION volunet_refuse_change();
--> statement-breakpoint
-- The skills catalog the city starts with (categories from the seeds); the city admin adds more.
INSERT INTO skills (code, category, name_zh, name_en, needs_certificate, builtin) VALUES
  ('first_aid', 'medical', '急救', 'First aid', true, true),
  ('nursing', 'medical', '护理', 'Nursing', true, true),
  ('physician', 'medical', '医师', 'Physician', true, true),
  ('legal_aid', 'legal', '法律咨询', 'Legal advice', false, true),
  ('lawyer', 'legal', '律师', 'Lawyer', true, true),
  ('translation', 'language', '外语翻译', 'Translation', false, true),
  ('sign_language', 'language', '手语', 'Sign language', false, true),
  ('emergency_rescue', 'emergency', '应急救援', 'Emergency rescue', true, true),
  ('water_rescue', 'emergency', '水上救援', 'Water rescue', true, true),
  ('fire_safety', 'fire', '消防安全', 'Fire safety', false, true),
  ('elderly_care', 'elderly', '助老服务', 'Elderly care', false, true),
  ('disability_support', 'disability', '助残服务', 'Disability support', false, true),
  ('counseling', 'psychological', '心理咨询', 'Psychological counseling', true, true),
  ('it_support', 'it', '信息技术', 'IT support', false, true),
  ('tutoring', 'teaching', '支教辅导', 'Teaching and tutoring', false, true),
  ('driving', 'driving', '驾驶', 'Driving', true, true),
  ('photography', 'culture', '摄影宣传', 'Photography and publicity', false, true),
  ('event_service', 'culture', '赛会服务', 'Event service', false, true);
--> statement-breakpoint
INSERT INTO station_standards (code, name_zh, name_en, sort) VALUES
  ('signage', '统一标识标牌', 'Standard signage', 1),
  ('fixed_staff', '有固定服务人员', 'Fixed staff', 2),
  ('regular_projects', '有常态化服务项目', 'Regular service projects', 3),
  ('equipment', '基本设施设备齐全', 'Basic equipment', 4),
  ('hours_posted', '公示开放时间', 'Opening hours posted', 5),
  ('records_kept', '服务台账完整', 'Service records kept', 6);
