import { CameraOutlined, CheckCircleOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Form, Input, Result, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../common/api';
import type { OrderView } from '../api-types';
import { EP } from '../endpoints';
import { fmt, useI18n } from '../i18n';
import { orderItems } from './orders-tab';
import { codeFrom } from './pickup-code';

/**
 * 核销提货: staff type the captain's pick-up code (always works) or scan the pick-up QR with the
 * computer's camera; the order is marked picked up once and shown.
 */
export default function VerifyTab() {
  const { t } = useI18n();
  const [form] = Form.useForm<{ code: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<OrderView | null>(null);
  const [scanning, setScanning] = useState(false);

  const verify = async (raw: string) => {
    const code = codeFrom(raw);
    if (!code) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const order = await api.post<OrderView>(EP.pickupVerify, { code });
      setDone(order);
      form.resetFields();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ maxWidth: 640 }}>
      <Typography.Title level={5}>{t.cMall.verifyTitle}</Typography.Title>
      <Typography.Paragraph type="secondary">{t.cMall.verifyHint}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={(v) => verify(v.code)}>
        <Form.Item
          name="code"
          rules={[{ required: true, whitespace: true, message: t.cMall.codeRequired }]}
          style={{ width: 280 }}
        >
          <Input
            size="large"
            placeholder={t.cMall.codePlaceholder}
            aria-label={t.cMall.code}
            maxLength={20}
            autoComplete="off"
            autoFocus
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" size="large" htmlType="submit" loading={busy} icon={<CheckCircleOutlined />}>
              {t.cMall.confirmPickup}
            </Button>
            <Button
              size="large"
              icon={scanning ? <StopOutlined /> : <CameraOutlined />}
              onClick={() => setScanning((s) => !s)}
            >
              {scanning ? t.cMall.stopScan : t.cMall.scan}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {scanning && (
        <QrScanner
          onCode={(c) => {
            setScanning(false);
            form.setFieldsValue({ code: codeFrom(c) });
            void verify(c);
          }}
        />
      )}
      <div style={{ marginTop: 24 }}>
        {error ? <Alert type="error" showIcon title={errorMessage(error)} /> : null}
        {done && (
          <Result
            status="success"
            title={fmt(t.cMall.pickedUp, { id: done.id })}
            extra={
              <Descriptions column={1} size="small" bordered style={{ textAlign: 'left' }}>
                <Descriptions.Item label={t.cMall.captain}>{done.userName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t.cMall.items}>{orderItems(done)}</Descriptions.Item>
                <Descriptions.Item label={t.cMall.total}>{done.pointsTotal}</Descriptions.Item>
              </Descriptions>
            }
          />
        )}
      </div>
    </div>
  );
}

/** Reads QR codes from the camera with jsQR (loaded only when scanning starts). */
function QrScanner({ onCode }: { onCode: (code: string) => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let raf = 0;
    let live = true;
    (async () => {
      try {
        const [{ default: jsQR }, s] = await Promise.all([
          import('jsqr'),
          navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }),
        ]);
        stream = s;
        if (!live || !video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        const canvas = document.createElement('canvas');
        const ctx = canvas.getContext('2d', { willReadFrequently: true });
        const tick = () => {
          const v = video.current;
          if (!live || !v || !ctx) return;
          if (v.videoWidth > 0) {
            canvas.width = v.videoWidth;
            canvas.height = v.videoHeight;
            ctx.drawImage(v, 0, 0);
            const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
            const found = jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' });
            if (found?.data) {
              onCodeRef.current(found.data);
              return;
            }
          }
          raf = requestAnimationFrame(tick);
        };
        raf = requestAnimationFrame(tick);
      } catch {
        if (live) setFailed(true);
      }
    })();
    return () => {
      live = false;
      cancelAnimationFrame(raf);
      for (const tr of stream?.getTracks() ?? []) tr.stop();
    };
  }, []);

  if (failed) return <Alert style={{ marginTop: 16 }} type="warning" showIcon title={t.cMall.cameraError} />;
  return (
    <div style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t.cMall.scanning}</Typography.Paragraph>
      <video ref={video} className="lz-verify-video" muted playsInline />
    </div>
  );
}
